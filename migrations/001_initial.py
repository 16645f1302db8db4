"""Peewee migrations -- 001_initial.py.

Some examples (model - class or model name)::

    > Model = migrator.orm['table_name']            # Return model in current state by name
    > Model = migrator.ModelClass                   # Return model in current state by name

    > migrator.sql(sql)                             # Run custom SQL
    > migrator.run(func, *args, **kwargs)           # Run python function with the given args
    > migrator.create_model(Model)                  # Create a model (could be used as decorator)
    > migrator.remove_model(model, cascade=True)    # Remove a model
    > migrator.add_fields(model, **fields)          # Add fields (allow_not_null=True skips default)
    > migrator.change_fields(model, **fields)       # Change fields
    > migrator.remove_fields(model, *field_names, cascade=True)
    > migrator.rename_field(model, old_field_name, new_field_name)
    > migrator.rename_table(model, new_table_name)
    > migrator.add_index(model, *col_names, unique=False)
    > migrator.add_not_null(model, *field_names)
    > migrator.add_default(model, field_name, default)
    > migrator.add_constraint(model, name, sql)
    > migrator.drop_index(model, *col_names)
    > migrator.drop_not_null(model, *field_names)
    > migrator.drop_constraints(model, *constraints)

"""

from contextlib import suppress

import peewee as pw
from peewee_migrate import Migrator


with suppress(ImportError):
    import playhouse.postgres_ext as pw_pext


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    """Write your migrations here."""
    
    @migrator.create_model
    class Region(pw.Model):
        code = pw.CharField(max_length=3, primary_key=True)
        ekatte = pw.CharField(max_length=5)
        name = pw.CharField(max_length=100)
        nuts = pw.CharField(default='', max_length=5)

        class Meta:
            table_name = "region"

    @migrator.create_model
    class Municipality(pw.Model):
        code = pw.CharField(max_length=5, primary_key=True)
        ekatte = pw.CharField(max_length=5)
        name = pw.CharField(max_length=100)
        region = pw.ForeignKeyField(column_name='region_code', field='code', model=migrator.orm['region'])

        class Meta:
            table_name = "municipality"

    @migrator.create_model
    class Settlement(pw.Model):
        ekatte = pw.CharField(max_length=5, primary_key=True)
        kind = pw.CharField(max_length=8)
        name = pw.CharField(index=True, max_length=100)
        municipality = pw.ForeignKeyField(column_name='municipality_code', field='code', model=migrator.orm['municipality'])
        region = pw.ForeignKeyField(column_name='region_code', field='code', model=migrator.orm['region'])
        postcode = pw.CharField(default='', max_length=4)

        class Meta:
            table_name = "settlement"

    @migrator.create_model
    class Centre(pw.Model):
        id = pw.AutoField()
        name = pw.CharField(max_length=500)
        kind = pw.CharField(default='cpo', max_length=4)
        owner_name = pw.CharField(max_length=500)
        eik = pw.CharField(index=True, max_length=13)
        settlement = pw.ForeignKeyField(column_name='settlement_ekatte', field='ekatte', model=migrator.orm['settlement'])
        address = pw.CharField(default='', max_length=500)
        postcode = pw.CharField(default='', max_length=4)
        phone = pw.CharField(default='', max_length=100)
        email = pw.CharField(default='', max_length=255)
        contact_person = pw.CharField(default='', max_length=255)
        website = pw.CharField(default='', max_length=255)

        class Meta:
            table_name = "centre"

    @migrator.create_model
    class Licence(pw.Model):
        id = pw.AutoField()
        number = pw.CharField(max_length=20, unique=True)
        centre = pw.ForeignKeyField(column_name='centre_id', field='id', model=migrator.orm['centre'], on_delete='CASCADE')
        licence_date = pw.DateField()
        order_number = pw.CharField(default='', max_length=50)
        order_date = pw.DateField(null=True)
        status = pw.CharField(default='active', index=True, max_length=24)
        status_date = pw.DateField(null=True)
        revoked_until = pw.DateField(null=True)
        search_text = pw.TextField(default='')
        sort_name = pw.CharField(default='', index=True, max_length=500)
        updated_at = pw.DateTimeField(index=True)

        class Meta:
            table_name = "licence"

    @migrator.create_model
    class ArchiveDesignation(pw.Model):
        id = pw.AutoField()
        licence = pw.ForeignKeyField(column_name='licence_id', field='id', model=migrator.orm['licence'], on_delete='CASCADE', unique=True)
        order_number = pw.CharField(max_length=50)
        order_date = pw.DateField()
        school_name = pw.CharField(max_length=500)
        school_settlement = pw.ForeignKeyField(column_name='school_settlement_ekatte', field='ekatte', model=migrator.orm['settlement'])
        school_address = pw.CharField(default='', max_length=500)
        school_contacts = pw.CharField(default='', max_length=500)
        handover_deadline = pw.DateField()
        retention_until = pw.DateField()
        location_text = pw.TextField(default='')

        class Meta:
            table_name = "archive_designation"

    @migrator.create_model
    class AuditEntry(pw.Model):
        id = pw.AutoField()
        at = pw.DateTimeField(index=True)
        user_id = pw.IntegerField(index=True, null=True)
        user_email = pw.CharField(default='', max_length=255)
        action = pw.CharField(max_length=64)
        entity = pw.CharField(max_length=64)
        entity_id = pw.CharField(default='', max_length=64)
        before = pw.TextField(default='')
        after = pw.TextField(default='')

        class Meta:
            table_name = "audit_entry"

    @migrator.create_model
    class LicenceEvent(pw.Model):
        id = pw.AutoField()
        licence = pw.ForeignKeyField(column_name='licence_id', field='id', model=migrator.orm['licence'], on_delete='CASCADE')
        kind = pw.CharField(max_length=24)
        date = pw.DateField(index=True)
        order_number = pw.CharField(default='', max_length=50)
        months = pw.SmallIntegerField(null=True)
        reason = pw.TextField(default='')
        notes = pw.TextField(default='')
        created_at = pw.DateTimeField()

        class Meta:
            table_name = "licence_event"

    @migrator.create_model
    class ProfessionalField(pw.Model):
        code = pw.CharField(max_length=3, primary_key=True)
        name = pw.CharField(max_length=255)
        area_code = pw.CharField(default='', max_length=2)
        area_name = pw.CharField(default='', max_length=255)

        class Meta:
            table_name = "professional_field"

    @migrator.create_model
    class Profession(pw.Model):
        code = pw.CharField(max_length=6, primary_key=True)
        name = pw.CharField(max_length=255)
        field = pw.ForeignKeyField(column_name='field_code', field='code', model=migrator.orm['professional_field'])

        class Meta:
            table_name = "profession"

    @migrator.create_model
    class Speciality(pw.Model):
        code = pw.CharField(max_length=7, primary_key=True)
        name = pw.CharField(max_length=255)
        profession = pw.ForeignKeyField(column_name='profession_code', field='code', model=migrator.orm['profession'])
        degree = pw.SmallIntegerField()

        class Meta:
            table_name = "speciality"

    @migrator.create_model
    class LicensedSpeciality(pw.Model):
        id = pw.AutoField()
        licence = pw.ForeignKeyField(column_name='licence_id', field='id', model=migrator.orm['licence'], on_delete='CASCADE')
        speciality = pw.ForeignKeyField(column_name='speciality_code', field='code', model=migrator.orm['speciality'])
        profession_code = pw.CharField(index=True, max_length=6)
        field_code = pw.CharField(index=True, max_length=3)
        added_on = pw.DateField()
        removed_on = pw.DateField(null=True)

        class Meta:
            table_name = "licensed_speciality"
            indexes = [(('licence', 'speciality'), True)]

    @migrator.create_model
    class User(pw.Model):
        id = pw.AutoField()
        email = pw.CharField(max_length=255, unique=True)
        name = pw.CharField(default='', max_length=255)
        role = pw.CharField(max_length=32)
        password_hash = pw.CharField(default='', max_length=255)
        active = pw.BooleanField(default=True)
        created_at = pw.DateTimeField()

        class Meta:
            table_name = "user_account"


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    """Write your rollback migrations here."""
    
    migrator.remove_model('user_account')

    migrator.remove_model('licensed_speciality')

    migrator.remove_model('speciality')

    migrator.remove_model('profession')

    migrator.remove_model('professional_field')

    migrator.remove_model('licence_event')

    migrator.remove_model('audit_entry')

    migrator.remove_model('archive_designation')

    migrator.remove_model('licence')

    migrator.remove_model('centre')

    migrator.remove_model('settlement')

    migrator.remove_model('municipality')

    migrator.remove_model('region')
