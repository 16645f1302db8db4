"""Licensing applications: registration, the steps as one transition table, the clock on the pages,
who may do what, stale and double submits."""

import datetime
import re

import pytest

from portal.accounts import User
from portal.audit import AuditEntry
from portal.mail import outbox
from register.licensing import services
from register.licensing.models import (
    AWAITING_FIXES,
    DRAFT,
    FILED,
    REGULAR,
    REQUIRED_DOCUMENTS,
    WITHDRAWN,
    ApplicationEvent,
    Attachment,
    IrregularityLetter,
    LicensingApplication,
    Premises,
    RequestedSpeciality,
)
from tests.conftest import TEST_PASSWORD

TODAY = datetime.date.today()


@pytest.fixture(autouse=True)
def _english(app, client):
    """The messages asserted below are the English ones (the catalogue's Bulgarian is tested in
    test_i18n): the visitor's choice for the pages, the site's language for the services."""
    client.set_cookie("lang", "en")
    app.config["SITE_LANGUAGE"] = "en"


VALID_EIK = "121604193"  # a made-up number with a valid check digit


def register(client, **overrides):
    data = {
        "organisation_name": "Учебен център Пример ООД",
        "eik": VALID_EIK,
        "representative": "Иван Примеров",
        "email": "centre@example.com",
        **overrides,
    }
    return client.post("/apply", data=data)


def applicant_login(client, app, email="centre@example.com"):
    """Set the applicant's password as the e-mailed link would, and log in."""
    with app.app_context():
        user = User.by_email(email)
        user.set_password(TEST_PASSWORD)
        user.save()
    response = client.post("/login", data={"email": email, "password": TEST_PASSWORD})
    assert response.status_code == 303


def the_application(app):
    with app.app_context():
        return LicensingApplication.get()


def test_registration_creates_account_and_draft_and_mails_a_link_not_a_password(app, client):
    response = register(client)
    assert response.status_code == 303, re.findall(r"class=\"error\"[^>]*>([^<]*)", response.text)
    assert response.headers["Location"].endswith("/apply/sent")
    with app.app_context():
        user = User.by_email("centre@example.com")
        assert user.role == "applicant" and user.password_hash == ""
        application = LicensingApplication.get()
        assert (application.state, application.eik, application.applicant_id) == (DRAFT, VALID_EIK, user.id)
        assert [e.action for e in application.timeline()] == ["register"]
        message = outbox()[-1]
        body = message.get_content()
        assert message["To"] == "centre@example.com"
        assert re.search(r"/account/set-password/\S+", body)
        assert "centre@example.com" in body  # the username
        assert "парола:" not in body.lower() and "password:" not in body.lower()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"eik": "121604195"}, "eik", "not valid"),  # wrong check digit
        ({"eik": "12160419"}, "eik", "not valid"),
        ({"organisation_name": ""}, "organisation_name", "required"),
        ({"email": "not-an-address"}, "email", "mail"),
    ],
)
def test_bad_registration_keeps_the_input_and_writes_nothing(app, client, overrides, field, message):
    response = register(client, **overrides)
    assert response.status_code == 422
    page = response.text
    assert f'id="field-{field}"' in page and "has-error" in page
    assert message.lower() in page.lower()
    assert "Иван Примеров" in page  # what was typed is still there
    with app.app_context():
        assert LicensingApplication.select().count() == 0 and User.select().count() == 0


def test_duplicate_eik_is_refused_and_a_known_email_answered_as_a_new_one(app, client):
    """A registered ЕИК (a public number) is refused with a clear message; an e-mail that has an
    account gets the answer a new one gets (test_enumeration), and nothing is written."""
    assert register(client).status_code == 303
    again = register(client, email="other@example.com")
    assert again.status_code == 422 and "already registered" in again.text
    same_mail = register(client, eik="175074752")
    assert same_mail.status_code == 303 and same_mail.headers["Location"].endswith("/apply/sent")
    with app.app_context():
        assert LicensingApplication.select().count() == 1


def test_the_steps_with_the_clock(app, client, login, make_user):
    """Officer records the paper filing (the term starts), sends a letter (it stops), the applicant
    files the fixes (it runs on), the officer finds it regular; the pages show the days left."""
    register(client)
    officer = make_user("napoo_officer")
    application = the_application(app)
    with app.app_context():
        LicensingApplication.update(created_at=datetime.datetime(2020, 1, 1)).execute()  # registered long ago
        application = LicensingApplication.get()
        services.file_application(
            application, officer, 1, TODAY - datetime.timedelta(days=10), "paper", "НАПОО-123"
        )
        application = LicensingApplication.get()
        assert (
            application.state == FILED
            and application.term(TODAY).days_left == (application.term(TODAY).due_on - TODAY).days
        )
        services.send_irregularity_letter(
            application,
            officer,
            2,
            TODAY - datetime.timedelta(days=5),
            TODAY + datetime.timedelta(days=10),
            "Липсва документ за собственост\nНеподписана декларация",
        )
        application = LicensingApplication.get()
        assert application.state == AWAITING_FIXES and application.term(TODAY).paused
    applicant_login(client, app)
    page = client.get(f"/applications/{application.id}").text
    assert "Липсва документ за собственост" in page and "Stopped: waiting for fixes" in page
    response = client.post(
        f"/applications/{application.id}/fixes",
        data={"version": "3", "fixed_on": TODAY.isoformat(), "note": "Добавени"},
    )
    assert response.status_code == 303
    with app.app_context():
        application = LicensingApplication.get()
        term = application.term(TODAY)
        assert application.state == FILED and not term.paused and term.paused_days == 5
        assert IrregularityLetter.get().fixed_on == TODAY
        services.find_regular(application, officer, 4, TODAY)
        assert LicensingApplication.get().state == REGULAR
        actions = [e.action for e in LicensingApplication.get().timeline()]
        assert actions == ["register", "file", "letter", "fixes", "regular"]
        assert AuditEntry.select().where(AuditEntry.action.startswith("licensing.")).count() == 5
    page = client.get(f"/applications/{application.id}").text
    assert re.search(r"\d+ days left", page)


def test_illegal_moves_are_refused_with_a_message(app, client, make_user):
    register(client)
    officer = make_user("napoo_officer")
    application = the_application(app)
    with app.app_context():
        applicant = User.by_email("centre@example.com")
        with pytest.raises(services.LicensingError, match="cannot be taken now"):
            services.find_regular(application, officer, 1, TODAY)  # a draft cannot be found regular
        with pytest.raises(services.LicensingError, match="may not"):
            services.file_application(application, make_user("napoo_expert"), 1, TODAY, "paper", "1")
        services.file_application(application, officer, 1, TODAY, "paper", "1")
        with pytest.raises(services.LicensingError, match="may not"):
            services.send_irregularity_letter(
                LicensingApplication.get(), applicant, 2, TODAY, TODAY + datetime.timedelta(days=5), "x"
            )
        with pytest.raises(services.LicensingError, match="moved on"):
            services.file_fixes(LicensingApplication.get(), applicant, 2, TODAY)  # no letter to answer
        with pytest.raises(services.LicensingError, match="after the date of the letter"):
            services.send_irregularity_letter(LicensingApplication.get(), officer, 2, TODAY, TODAY, "x")
        services.send_irregularity_letter(
            LicensingApplication.get(), officer, 2, TODAY, TODAY + datetime.timedelta(days=5), "x"
        )
        with pytest.raises(services.LicensingError, match="future"):
            services.file_fixes(LicensingApplication.get(), applicant, 3, TODAY + datetime.timedelta(days=1))
        assert LicensingApplication.get().state == AWAITING_FIXES


def test_stale_version_is_a_conflict_not_a_lost_update(app, client, make_user):
    register(client)
    officer, other = make_user("napoo_officer"), make_user("napoo_officer", "second@example.com")
    with app.app_context():
        services.file_application(the_application(app), officer, 1, TODAY, "paper", "1")
        page_seen_by_both = 2
        services.find_regular(LicensingApplication.get(), officer, page_seen_by_both, TODAY)
        with pytest.raises(services.LicensingError, match="moved on|changed this application"):
            services.send_irregularity_letter(
                LicensingApplication.get(),
                other,
                page_seen_by_both,
                TODAY,
                TODAY + datetime.timedelta(days=5),
                "x",
            )
        assert LicensingApplication.get().state == REGULAR
        assert IrregularityLetter.select().count() == 0


def test_double_submit_is_harmless(app, client, make_user):
    register(client)
    officer = make_user("napoo_officer")
    with app.app_context():
        services.file_application(the_application(app), officer, 1, TODAY, "paper", "1")
    client.post("/login", data={"email": officer.email, "password": TEST_PASSWORD})
    data = {"version": "2", "on_date": TODAY.isoformat()}
    first = client.post(f"/applications/{the_application(app).id}/regular", data=data)
    second = client.post(f"/applications/{the_application(app).id}/regular", data=data)
    assert first.status_code == 303
    assert second.status_code == 422 and "moved on" in second.text
    with app.app_context():
        assert ApplicationEvent.select().where(ApplicationEvent.action == "regular").count() == 1


def test_applicant_sees_only_its_own_and_may_withdraw(app, client, make_user):
    register(client)
    register(client, eik="175074752", email="second@example.com")
    applicant_login(client, app)
    with app.app_context():
        mine = LicensingApplication.get(LicensingApplication.eik == VALID_EIK)
        theirs = LicensingApplication.get(LicensingApplication.eik == "175074752")
    listing = client.get("/applications/").text
    assert mine.number in listing and theirs.number not in listing
    assert client.get(f"/applications/{theirs.id}").status_code == 404
    assert client.post(f"/applications/{theirs.id}/withdraw", data={"version": "1"}).status_code == 404
    assert client.post(f"/applications/{mine.id}/withdraw", data={"version": "1"}).status_code == 303
    with app.app_context():
        assert LicensingApplication.get_by_id(mine.id).state == WITHDRAWN
        assert LicensingApplication.get_by_id(theirs.id).state == DRAFT


def test_staff_dashboard_sorts_by_days_left_and_marks_overdue(app, client, login, make_user):
    register(client)
    register(client, eik="175074752", email="second@example.com")
    officer = make_user("napoo_officer", "officer2@example.test")
    with app.app_context():
        old, new = LicensingApplication.select().order_by(LicensingApplication.id)
        # Registered today, so filed today at the earliest: move the older one's registration back.
        LicensingApplication.update(created_at=datetime.datetime(2020, 1, 1)).where(
            LicensingApplication.id == new.id
        ).execute()
        services.file_application(old, officer, 1, TODAY, "paper", "1")
        services.file_application(
            LicensingApplication.get_by_id(new.id),
            officer,
            1,
            TODAY - datetime.timedelta(days=100),
            "paper",
            "2",
        )
    login("napoo_chair")
    page = client.get("/applications/").text
    table = page[page.index('id="open-applications"') :]
    assert table.index(new.number) < table.index(old.number)  # overdue first
    assert re.search(r'class="overdue">\s*<td><a[^>]*>' + re.escape(new.number), table)
    assert "Overdue by" in table


def test_applicant_lands_on_its_applications_after_login(app, client):
    register(client)
    with app.app_context():
        user = User.by_email("centre@example.com")
        user.set_password(TEST_PASSWORD)
        user.save()
    response = client.post("/login", data={"email": "centre@example.com", "password": TEST_PASSWORD})
    assert response.status_code == 303 and response.headers["Location"].endswith("/applications/")
    page = client.get("/applications/").text
    assert "My licence applications" in page and "Not filed yet" in page
    assert client.get("/staff/").status_code == 403


def test_unsent_mail_is_kept_as_eml_and_listed_for_staff(app, client, login, tmp_path):
    """Without a mail server, the registration mail is written to MAIL_OUTBOX_DIR and a staff page
    lists it for the admin, the link's token hidden (make run points the folder at instance/outbox)."""
    app.config["MAIL_OUTBOX_DIR"] = str(tmp_path / "outbox")
    register(client)
    files = list((tmp_path / "outbox").glob("*.eml"))
    assert len(files) == 1
    assert b"/account/set-password/" in files[0].read_bytes()
    login("admin")
    page = client.get("/staff/outbox").text
    assert "centre@example.com" in page and "/account/set-password/[hidden]" in page


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
P7S = bytes.fromhex("3082010006092a864886f70d010702a0") + b"\x00" * 64


def upload(client, application_id, content, name="заявление.pdf", version="1"):
    import io

    return client.post(
        f"/applications/{application_id}/file",
        data={"version": version, "signed": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
    )


def complete_profile(app):
    """Fill in the profile and one speciality, as the applicant would (step 3)."""
    from register.models import Speciality

    with app.app_context():
        application = LicensingApplication.get()
        LicensingApplication.update(
            centre_name="ЦПО Пример",
            settlement="68134",
            address="ул. Примерна 1",
            phone="02 000 0000",
            delivery_channel="email",
        ).execute()
        if not application.requested.exists():
            RequestedSpeciality.create(application=application, speciality=Speciality.select().first().code)
        if not application.premises.exists():
            for purpose in (*REQUIRED_DOCUMENTS, "premises_document", "premises_document"):
                document = _attachment(application, purpose)
                if purpose == "premises_document":
                    kind = "office" if application.premises.exists() else "training_base"
                    use = "both" if kind == "training_base" else ""
                    Premises.create(
                        application=application,
                        kind=kind,
                        settlement="68134",
                        address="ул. Примерна 1",
                        use=use,
                        tenure="rented",
                        document=document,
                    )


def _attachment(application, purpose):
    """A file's record as uploads.store would leave it (no file on disk: not served in these tests)."""
    import secrets

    return Attachment.create(
        application=application,
        purpose=purpose,
        original_name=f"{purpose}.pdf",
        stored_name=secrets.token_hex(16),
        size=len(PDF),
        sha256="0" * 64,
        content_type="application/pdf",
    )


def stored_files(app):
    import os

    folder = app.config["UPLOAD_DIR"]
    return sorted(os.listdir(folder)) if os.path.isdir(folder) else []


@pytest.mark.parametrize(
    ("content", "kind"), [(PDF, "application/pdf"), (P7S, "application/pkcs7-signature")]
)
def test_applicant_files_the_signed_application_online(app, client, login, content, kind):
    """Step 5 online: the upload is kept with its SHA-256, the term starts today, and the file is
    served to the applicant and to NAPOO, to no one else; the page says the signature is not verified."""
    import hashlib

    register(client)
    applicant_login(client, app)
    complete_profile(app)
    application = the_application(app)
    response = upload(client, application.id, content)
    assert response.status_code == 303
    with app.app_context():
        application = LicensingApplication.get()
        assert application.state == FILED and application.filed_on == TODAY
        assert application.filing_channel == "e_signature"
        attachment = application.attachments.where(Attachment.purpose == "signed_application").get()
        assert attachment.sha256 == hashlib.sha256(content).hexdigest() and attachment.content_type == kind
        assert hashlib.sha256(content).hexdigest() in [e.note for e in application.timeline()][-1]
    page = client.get(f"/applications/{application.id}").text
    assert "signature not verified by this site" in page
    download = client.get(f"/applications/{application.id}/files/{attachment.id}")
    assert download.status_code == 200 and download.data == content
    assert "private" in download.headers["Cache-Control"]
    download.close()
    client.post("/logout")
    register(client, eik="175074752", email="second@example.com")
    applicant_login(client, app, "second@example.com")
    assert client.get(f"/applications/{application.id}/files/{attachment.id}").status_code == 404
    client.post("/logout")
    login("napoo_officer")
    download = client.get(f"/applications/{application.id}/files/{attachment.id}")
    assert download.data == content
    download.close()


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"just some text, named like a PDF", "fake.pdf", "not of an accepted type"),
        (
            b"\x89PNG\r\n\x1a\n" + b"\x00" * 40,
            "scan.png",
            "not of an accepted type",
        ),  # an image is not a signed file
        (PDF + b"0" * 3000, "big.pdf", "larger than"),
    ],
)
def test_bad_uploads_are_refused_and_nothing_is_kept(app, client, content, name, message):
    app.config["UPLOAD_MAX_BYTES"] = 2048
    register(client)
    applicant_login(client, app)
    application = the_application(app)
    response = upload(client, application.id, content, name)
    assert response.status_code == 422 and message in response.text
    assert stored_files(app) == []
    with app.app_context():
        assert LicensingApplication.get().state == DRAFT


def test_a_refused_filing_removes_its_upload(app, client):
    """A stale page's upload (someone moved the application meanwhile) leaves no file behind."""
    register(client)
    applicant_login(client, app)
    complete_profile(app)
    application = the_application(app)
    assert upload(client, application.id, PDF).status_code == 303
    assert len(stored_files(app)) == 1
    again = upload(client, application.id, PDF, version="1")
    assert again.status_code == 422 and "moved on" in again.text
    assert len(stored_files(app)) == 1


def test_applicant_chooses_specialities_with_live_search(app, client, make_user):
    """Step 3: the List is searched by name (any case, Latin letters too) or code; a choice is saved
    at once, twice is harmless, it can be removed; after filing the list is frozen."""
    from register.models import Speciality

    register(client)
    applicant_login(client, app)
    application = the_application(app)
    with app.app_context():
        some = Speciality.select().order_by(Speciality.code).first()
    word = some.name.split()[0]
    found = client.get(
        f"/applications/{application.id}?sq={word.upper()}", headers={"HX-Request": "true"}
    ).text
    assert some.code in found
    assert some.code in client.get(f"/applications/{application.id}?sq={some.code[:5]}").text
    from search_index.analysis import to_latin

    assert some.code in client.get(f"/applications/{application.id}?sq={to_latin(word.lower())}").text
    for _ in range(2):  # a double submit adds it once
        response = client.post(f"/applications/{application.id}/specialities", data={"code": some.code})
        assert response.status_code == 303
    with app.app_context():
        assert [r.speciality_code for r in RequestedSpeciality.select()] == [some.code]
    bad = client.post(f"/applications/{application.id}/specialities", data={"code": "9999999"})
    assert bad.status_code == 422 and "no such speciality" in bad.text
    assert client.post(f"/applications/{application.id}/specialities/{some.code}/remove").status_code == 303
    with app.app_context():
        assert RequestedSpeciality.select().count() == 0
    client.post(f"/applications/{application.id}/specialities", data={"code": some.code})
    complete_profile(app)
    assert upload(client, application.id, PDF).status_code == 303
    frozen = client.post(f"/applications/{application.id}/specialities/{some.code}/remove")
    assert frozen.status_code == 422 and "being prepared" in frozen.text
    with app.app_context():
        assert RequestedSpeciality.select().count() == 1


def _regular_application_with(app, client, make_user, codes):
    """An application found regular, applying for the specialities with these codes."""
    register(client)
    officer = make_user("napoo_officer")
    with app.app_context():
        application = LicensingApplication.get()
        for code in codes:
            RequestedSpeciality.create(application=application, speciality=code)
        services.file_application(application, officer, 1, TODAY, "paper", "1")
        services.find_regular(LicensingApplication.get(), officer, 2, TODAY)
        return LicensingApplication.get(), officer


def test_experts_per_field_then_the_letter(app, client, make_user):
    """Step 7: one expert per professional field; the letter waits until every field has one, then
    names them to the applicant; each expert sees only what is assigned to them."""
    from register.models import Speciality

    with app.app_context():
        by_field = {}
        for speciality in Speciality.select().order_by(Speciality.code):
            by_field.setdefault(speciality.code[:3], speciality.code)
        first, second = list(by_field.values())[:2]
    application, officer = _regular_application_with(app, client, make_user, [first, second])
    expert_a = make_user("napoo_expert", "expert.a@example.com")
    expert_b = make_user("napoo_expert", "expert.b@example.com")
    with app.app_context():
        User.update(name="Анна Експертова").where(User.id == expert_a.id).execute()
        User.update(name="Борис Експертов").where(User.id == expert_b.id).execute()
        application = LicensingApplication.get()
        services.assign_expert(application, officer, first[:3], expert_a)
        with pytest.raises(services.LicensingError, match="every professional field"):
            services.send_experts_letter(LicensingApplication.get(), officer, 3, TODAY)
        with pytest.raises(services.LicensingError, match="no speciality of this professional field"):
            services.assign_expert(application, officer, "999", expert_b)
        with pytest.raises(services.LicensingError, match="NAPOO expert"):
            services.assign_expert(application, officer, second[:3], officer)
        services.assign_expert(application, officer, second[:3], expert_b)
    client.post("/login", data={"email": officer.email, "password": TEST_PASSWORD})
    response = client.post(
        f"/applications/{application.id}/experts", data={"version": "3", "on_date": TODAY.isoformat()}
    )
    assert response.status_code == 303
    with app.app_context():
        assert LicensingApplication.get().state == "in_assessment"
        letter = outbox()[-1]
        assert letter["To"] == "centre@example.com"
        assert "Анна Експертова" in letter.get_content() and "Борис Експертов" in letter.get_content()
    client.post("/logout")
    client.post("/login", data={"email": "expert.a@example.com", "password": TEST_PASSWORD})
    page = client.get(f"/applications/{application.id}").text
    assert first in page and second not in page  # only the field assigned to this expert
    assert application.number in client.get("/applications/").text


def test_an_expert_sees_only_assigned_applications(app, client, login, make_user):
    register(client)
    login("napoo_expert")
    assert client.get(f"/applications/{the_application(app).id}").status_code == 404
    assert the_application(app).number not in client.get("/applications/").text


def test_profile_autosaves_with_a_checklist_and_gates_online_filing(app, client):
    """Step 3: the profile saves on every change (htmx) and the checklist says what is missing; a
    bad value is refused with its message and the typed values stay; an incomplete application
    cannot be filed online."""
    register(client)
    applicant_login(client, app)
    application = the_application(app)
    page = client.get(f"/applications/{application.id}").text
    assert "Still missing before filing" in page and "the seat (settlement)" in page
    refused = upload(client, application.id, PDF)
    assert refused.status_code == 422 and "not complete" in refused.text
    assert stored_files(app) == []
    data = {
        "version": "1",
        "centre_name": "ЦПО Пример",
        "centre_kind": "cpo",
        "settlement": "99999",
        "address": "ул. 1",
    }
    bad = client.post(f"/applications/{application.id}/profile", data=data, headers={"HX-Request": "true"})
    assert bad.status_code == 422 and "no settlement with this EKATTE code" in bad.text
    assert 'value="ЦПО Пример"' in bad.text  # what was typed is still there
    data["settlement"] = "68134"
    saved = client.post(f"/applications/{application.id}/profile", data=data, headers={"HX-Request": "true"})
    assert saved.status_code == 200 and "Saved." in saved.text
    assert "the seat (settlement)" not in saved.text and "a phone" in saved.text
    stale = client.post(f"/applications/{application.id}/profile", data=data)  # version 1 again
    assert stale.status_code == 422 and "changed this application" in stale.text
    with app.app_context():
        stored = LicensingApplication.get()
        assert (stored.centre_name, stored.settlement_id, stored.version) == ("ЦПО Пример", "68134", 2)


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_assigned_expert_records_an_inspection_with_photos(app, client, make_user):
    """Step 8: an expert assigned to the application records a visit with findings and photos; the
    timeline shows it; anyone else, a bad photo or a missing field is refused and keeps nothing."""
    import io

    from register.models import Speciality

    with app.app_context():
        code = Speciality.select().order_by(Speciality.code).first().code
    application, officer = _regular_application_with(app, client, make_user, [code])
    expert = make_user("napoo_expert", "expert.a@example.com")
    other = make_user("napoo_expert", "expert.b@example.com")
    with app.app_context():
        services.assign_expert(LicensingApplication.get(), officer, code[:3], expert)
        services.send_experts_letter(LicensingApplication.get(), officer, 3, TODAY)
        with pytest.raises(services.LicensingError, match="Only an expert assigned"):
            services.record_inspection(LicensingApplication.get(), other, TODAY, "База 1", "Наред")
    client.post("/login", data={"email": "expert.a@example.com", "password": TEST_PASSWORD})

    def post(**overrides):
        data = {
            "visited_on": TODAY.isoformat(),
            "place": "Учебна база, ул. Примерна 1",
            "findings": "Зала за 20 души, оборудвана.",
        }
        data.update(overrides)
        return client.post(
            f"/applications/{application.id}/inspections", data=data, content_type="multipart/form-data"
        )

    bad_photo = post(photos=[(io.BytesIO(PNG), "a.png"), (io.BytesIO(b"not an image"), "b.jpg")])
    assert bad_photo.status_code == 422 and "not of an accepted type" in bad_photo.text
    assert stored_files(app) == []
    missing = post(findings="")
    assert missing.status_code == 422
    assert post(photos=[(io.BytesIO(PNG), "зала.png"), (io.BytesIO(PDF), "план.pdf")]).status_code == 303
    with app.app_context():
        visit = LicensingApplication.get().inspections.get()
        assert visit.place.startswith("Учебна база") and visit.expert_id == expert.id
        photos = list(LicensingApplication.get().attachments.where(Attachment.inspection_id == visit.id))
        assert sorted(p.original_name for p in photos) == ["зала.png", "план.pdf"]
        assert [e.action for e in LicensingApplication.get().timeline()][-1] == "inspection"
    page = client.get(f"/applications/{application.id}").text
    assert "Зала за 20 души" in page and "зала.png" in page


def test_verdicts_committee_and_order_create_the_licence_without_the_negative(app, client, make_user):
    """Step 9: verdicts per speciality by the assigned experts; the committee's confirmation waits
    for all of them; the chair's order creates the licence with the positive specialities only, its
    first-licensing event and its search document, and lists the negative ones with reasons."""
    from register.models import Licence, LicenceEvent, Speciality

    with app.app_context():
        codes = [s.code for s in Speciality.select().order_by(Speciality.code).limit(2)]
    application, officer = _regular_application_with(app, client, make_user, codes)
    complete_profile(app)
    expert = make_user("napoo_expert", "expert.a@example.com")
    chair = make_user("napoo_chair", "chair@example.com")
    committee = make_user("napoo_committee", "committee@example.com")
    with app.app_context():
        fields = {code[:3] for code in codes}
        for field in fields:
            services.assign_expert(LicensingApplication.get(), officer, field, expert)
        services.send_experts_letter(LicensingApplication.get(), officer, 3, TODAY)
        services.record_verdict(
            LicensingApplication.get(), expert, codes[0], True, "Материалната база отговаря."
        )
        with pytest.raises(services.LicensingError, match="no verdict yet"):
            services.confirm_verdicts(LicensingApplication.get(), committee, 4, TODAY)
        with pytest.raises(services.LicensingError, match="reasons"):
            services.record_verdict(LicensingApplication.get(), expert, codes[1], False, " ")
    client.post("/login", data={"email": "expert.a@example.com", "password": TEST_PASSWORD})
    response = client.post(
        f"/applications/{application.id}/verdicts/{codes[1]}",
        data={"positive": "no", "reasons": "Няма учебна база."},
    )
    assert response.status_code == 303
    with app.app_context():
        with pytest.raises(services.LicensingError, match="may not"):  # the committee's, not an officer's
            services.confirm_verdicts(LicensingApplication.get(), officer, 4, TODAY)
        services.confirm_verdicts(LicensingApplication.get(), committee, 4, TODAY)
        with pytest.raises(services.LicensingError, match="may not"):
            services.issue_order(LicensingApplication.get(), officer, 5, "Л-1", TODAY)
        licence = services.issue_order(LicensingApplication.get(), chair, 5, "Л-2026-1", TODAY)
        application = LicensingApplication.get()
        assert application.state == "licensed" and application.licence_id == licence.id
        # Issue 15: the applicant now acts for the centre it founded (its courses, its documents).
        from register.documents.models import CentreAccount

        assert CentreAccount.acts_for(application.applicant, licence.centre_id)
        assert licence.number == f"{TODAY.year}00001" or licence.number.startswith(str(TODAY.year))
        granted = [s.speciality_id for s in licence.specialities]
        assert granted == [codes[0]]  # the negatively assessed one is left out
        assert LicenceEvent.select().where(LicenceEvent.licence == licence).get().kind == "first_licensing"
        order_note = [e.note for e in application.timeline()][-1]
        assert "Л-2026-1" in order_note and codes[1] in order_note and "Няма учебна база." in order_note
        assert Licence.by_number(licence.number).centre.name == "ЦПО Пример"
    public = client.get(f"/licences/{licence.number}").text
    assert "ЦПО Пример" in public and codes[0] in public and codes[1] not in public
    assert licence.number in client.get("/licences/?q=Пример").text

    # Step 10: the order and the licence as PDFs (Cyrillic text extractable), delivered by e-mail.
    order = pdf_text(client.get(f"/applications/{application.id}/order.pdf"))
    assert "Заповед № Л-2026-1" in order and licence.number in order and "ЦПО Пример" in order
    assert codes[0] in order and "Не се включват" in order and "Няма учебна база." in order
    licence_text = pdf_text(client.get(f"/applications/{application.id}/licence.pdf"))
    assert f"ЛИЦЕНЗИЯ № {licence.number}" in licence_text and codes[0] in licence_text
    assert codes[1] not in licence_text
    client.post("/logout")
    client.post("/login", data={"email": "chair@example.com", "password": TEST_PASSWORD})
    assert (
        client.post(
            f"/applications/{application.id}/deliver", data={"version": "6", "channel": "email"}
        ).status_code
        == 422
    )
    sent = client.post(
        f"/applications/{application.id}/deliver",
        data={"version": "6", "channel": "email", "on_date": TODAY.isoformat()},
    )
    assert sent.status_code == 422 and "may not" in sent.text  # an officer's step, not the chair's
    officer_login = client.post("/login", data={"email": officer.email, "password": TEST_PASSWORD})
    assert officer_login.status_code in (302, 303)
    sent = client.post(
        f"/applications/{application.id}/deliver",
        data={"version": "6", "channel": "email", "on_date": TODAY.isoformat()},
    )
    assert sent.status_code == 303
    with app.app_context():
        message = outbox()[-1]
        names = [part.get_filename() for part in message.iter_attachments()]
        assert names == [f"zapoved-{application.number}.pdf", f"licenzia-{licence.number}.pdf"]
        assert [e.action for e in LicensingApplication.get().timeline()][-1] == "deliver"
    again = client.post(
        f"/applications/{application.id}/deliver",
        data={"version": "6", "channel": "email", "on_date": TODAY.isoformat()},
    )
    assert again.status_code == 422 and "changed this application" in again.text  # double submit


def pdf_text(response):
    """The text of a PDF answer, as a reader (or a screen reader) extracts it."""
    import io

    from pypdf import PdfReader

    assert response.status_code == 200 and response.mimetype == "application/pdf"
    response.headers["Content-Disposition"].encode("latin-1")  # a server can send it (RFC 6266)
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)


def test_premises_and_required_documents_complete_the_checklist(app, client):
    """Step 3: training bases and the office each with a document, and the required documents (a new
    file replaces the old one); bad input keeps nothing; the checklist empties; files are private."""
    import io

    register(client)
    applicant_login(client, app)
    complete_profile(app)
    application = the_application(app)
    with app.app_context():  # start from a profile without premises and documents
        Premises.delete().execute()
        Attachment.delete().execute()
    page = client.get(f"/applications/{application.id}").text
    assert "at least one training base" in page and "the licensing form" in page
    assert "Guidance" in page and 'id="guide-premises"' in page

    def add(**overrides):
        data = {
            "kind": "training_base",
            "settlement": "68134",
            "address": "бул. Витоша 1",
            "use": "practice",
            "tenure": "owned",
            "document": (io.BytesIO(PDF), "нотариален акт.pdf"),
            **overrides,
        }
        return client.post(
            f"/applications/{application.id}/premises", data=data, content_type="multipart/form-data"
        )

    for overrides, message in [
        ({"settlement": "99999"}, "no settlement with this EKATTE code"),
        ({"use": "dancing"}, "theory, practice or both"),
        ({"document": (io.BytesIO(b"MZ\x90\x00 not a pdf"), "base.pdf")}, "PDF"),
        ({"document": (io.BytesIO(b""), "")}, "ownership or the rent contract"),
    ]:
        refused = add(**overrides)
        assert refused.status_code == 422 and message in refused.text, message
        assert 'value="бул. Витоша 1"' in refused.text  # the typed address stays
    assert stored_files(app) == []
    assert add().status_code == 303
    assert add(kind="office", use="").status_code == 303
    for purpose in REQUIRED_DOCUMENTS:
        sent = client.post(
            f"/applications/{application.id}/documents/{purpose}",
            data={"file": (io.BytesIO(PNG), f"{purpose}.png")},
            content_type="multipart/form-data",
        )
        assert sent.status_code == 303, purpose
    again = client.post(
        f"/applications/{application.id}/documents/fee_receipt",
        data={"file": (io.BytesIO(PDF), "платежно.pdf")},
        content_type="multipart/form-data",
    )
    assert again.status_code == 303
    wrong = client.post(
        f"/applications/{application.id}/documents/curricula",
        data={"file": (io.BytesIO(b"GIF89a......"), "x.pdf")},
        content_type="multipart/form-data",
    )
    assert wrong.status_code == 422
    with app.app_context():
        stored = LicensingApplication.get()
        assert stored.missing() == []
        assert stored.documents()["fee_receipt"].original_name == "платежно.pdf"
        assert [(p.kind, p.use) for p in stored.premises_list()] == [
            ("training_base", "practice"),
            ("office", ""),
        ]
        files = Attachment.select().count()
        office = stored.premises_list()[1]
    assert len(stored_files(app)) == files == 6  # the replaced receipt's file is gone too
    page = client.get(f"/applications/{application.id}").text
    assert "Complete: the application can be filed." in page and "платежно.pdf" in page
    client.post("/logout")
    assert client.get(f"/applications/{application.id}/files/{office.document_id}").status_code in (302, 401)
    applicant_login(client, app)
    removed = client.post(f"/applications/{application.id}/premises/{office.id}/remove")
    assert removed.status_code == 303
    assert client.post(f"/applications/{application.id}/premises/{office.id}/remove").status_code == 303
    with app.app_context():
        assert LicensingApplication.get().missing() == ["office"]
    assert len(stored_files(app)) == 5


def test_generated_application_pdf_is_complete_reproducible_and_fingerprinted(app, client, make_user):
    """Step 4: once nothing is missing, the application PDF holds the data entered in Bulgarian
    (text extractable), the same data give the same bytes, its SHA-256 fingerprint is printed and
    changes with the data, the filing records it; other organisations cannot read it."""
    register(client)
    applicant_login(client, app)
    application = the_application(app)
    assert client.get(f"/applications/{application.id}/application.pdf").status_code == 404  # incomplete
    complete_profile(app)
    first = client.get(f"/applications/{application.id}/application.pdf")
    text = pdf_text(first)
    assert "Заявление за лицензиране" in text and "Учебен център Пример ООД" in text
    assert VALID_EIK in text and "ЦПО Пример" in text and "Материална база и офис" in text
    with app.app_context():
        from register.licensing.documents import content_hash

        fingerprint = content_hash(LicensingApplication.get())
        code = LicensingApplication.get().requested.get().speciality_code
    assert fingerprint in text.replace("\n", "") and code in text
    page = client.get(f"/applications/{application.id}").text
    assert f'<code id="fingerprint">{fingerprint}</code>' in page
    assert client.get(f"/applications/{application.id}/application.pdf").data == first.data  # reproducible
    with app.app_context():
        LicensingApplication.update(phone="02 999 9999").execute()
        changed = content_hash(LicensingApplication.get())
    assert changed != fingerprint
    assert client.get(f"/applications/{application.id}/application.pdf").data != first.data
    assert client.get(f"/applications/{application.id}/order.pdf").status_code == 404  # no order yet
    client.post("/logout")
    register(client, eik="175074752", email="other@example.com")
    applicant_login(client, app, "other@example.com")
    assert client.get(f"/applications/{application.id}/application.pdf").status_code == 404
    with app.app_context():
        officer = make_user("napoo_officer")
        services.file_application(
            LicensingApplication.get_by_id(application.id), officer, 1, TODAY, "paper", "94-1"
        )
        assert changed in [e.note for e in LicensingApplication.get_by_id(application.id).timeline()][-1]


def _licensed(app, client, make_user, codes, refused=()):
    """A first licensing taken to the chair's order through the services; returns the users."""
    _application, officer, expert, committee, chair = _assessed(app, client, make_user, codes, "b", refused)
    with app.app_context():
        services.confirm_verdicts(LicensingApplication.get(), committee, 4, TODAY)
        services.issue_order(LicensingApplication.get(), chair, 5, "Л-1", TODAY)
    return officer, expert, committee, chair


def _assessed(app, client, make_user, codes, suffix, refused=()):
    """An application in assessment with an expert verdict on each speciality (negative for those in
    `refused`); returns it and the officer, expert, committee member and chair."""
    application, officer = _regular_application_with(app, client, make_user, codes)
    complete_profile(app)
    expert = make_user("napoo_expert", f"expert.{suffix}@example.com")
    committee = make_user("napoo_committee", f"committee.{suffix}@example.com")
    chair = make_user("napoo_chair", f"chair.{suffix}@example.com")
    with app.app_context():
        for field in sorted({code[:3] for code in codes}):
            services.assign_expert(LicensingApplication.get(), officer, field, expert)
        services.send_experts_letter(LicensingApplication.get(), officer, 3, TODAY)
        for code in codes:
            services.record_verdict(LicensingApplication.get(), expert, code, code not in refused, "Оценка.")
    return application, officer, expert, committee, chair


def test_amendment_adds_the_positive_specialities_to_the_same_licence(app, client, make_user):
    """DOMAIN E, amendment: the licensed centre applies to add specialities (one amendment at a
    time, nothing it already holds); steps 5-10 as for a first licensing; the order adds the
    positively assessed ones to the same licence with an amendment event, and the search finds it."""
    from register.models import Licence, LicenceEvent, Speciality

    with app.app_context():
        ordered = [s.code for s in Speciality.select().order_by(Speciality.code)]
        # One held, then two of other professions (so the search can only find the licence by
        # the added profession if the amendment reindexed it).
        codes = [ordered[0]]
        for code in ordered:
            if code[:6] not in {c[:6] for c in codes}:
                codes.append(code)
        codes = codes[:3]
    officer, expert, committee, chair = _licensed(app, client, make_user, codes[:1])
    applicant_login(client, app)
    first = the_application(app)
    with app.app_context():
        with pytest.raises(services.LicensingError, match="may not"):  # only the centre itself
            services.start_amendment(first, officer)
    page = client.get(f"/applications/{first.id}").text
    assert "Apply to add specialities to the licence" in page
    started = client.post(f"/applications/{first.id}/amend")
    assert started.status_code == 303
    again = client.post(f"/applications/{first.id}/amend")
    assert again.status_code == 422 and "already under way" in again.text
    with app.app_context():
        amendment = LicensingApplication.select().where(LicensingApplication.kind == "amendment").get()
        assert (amendment.state, amendment.licence_id, amendment.centre_name) == (
            DRAFT,
            first.licence_id,
            "ЦПО Пример",
        )
        assert amendment.missing() == ["specialities", "curricula", "fee_receipt"]
    held = client.post(f"/applications/{amendment.id}/specialities", data={"code": codes[0]})
    assert held.status_code == 422 and "already covers" in held.text
    for code in codes[1:3]:
        assert (
            client.post(f"/applications/{amendment.id}/specialities", data={"code": code}).status_code == 303
        )
    with app.app_context():
        for purpose in ("curricula", "fee_receipt"):
            _attachment(LicensingApplication.get_by_id(amendment.id), purpose)
        assert LicensingApplication.get_by_id(amendment.id).missing() == []
        pdf = client.get(f"/applications/{amendment.id}/application.pdf")
    assert "изменение на лицензия" in pdf_text(pdf)
    with app.app_context():

        def current():
            return LicensingApplication.get_by_id(amendment.id)

        services.file_application(current(), officer, 1, TODAY, "paper", "94-2")
        services.find_regular(current(), officer, 2, TODAY)
        for field in sorted({code[:3] for code in codes[1:3]}):
            services.assign_expert(current(), officer, field, expert)
        services.send_experts_letter(current(), officer, 3, TODAY)
        services.record_verdict(current(), expert, codes[1], True, "Има база.")
        services.record_verdict(current(), expert, codes[2], False, "Няма преподаватели.")
        services.confirm_verdicts(current(), committee, 4, TODAY)
        licence = services.issue_order(current(), chair, 5, "Л-2", TODAY)
        assert licence.id == first.licence_id and Licence.select().count() == 1  # the same licence
        held_now = sorted(s.speciality_id for s in Licence.get_by_id(licence.id).specialities)
        assert held_now == sorted([codes[0], codes[1]])
        kinds = [
            e.kind
            for e in LicenceEvent.select().where(LicenceEvent.licence == licence).order_by(LicenceEvent.id)
        ]
        assert kinds == ["first_licensing", "amendment"]
        assert current().state == "licensed"

    def found(code):  # words and filters together go through the search index's tokens
        return (
            licence.number in client.get(f"/licences/?q=Пример&profession={code[:6]}&field={code[:3]}").text
        )

    assert found(codes[1]) and not found(codes[2])
    order = pdf_text(client.get(f"/applications/{amendment.id}/order.pdf"))
    assert "ИЗМЕНЯМ лицензия" in order and codes[1] in order and "Няма преподаватели." in order


def test_a_decided_application_shows_the_day_of_the_decision_not_overdue(app, client, make_user):
    """The term stops at the chair's order (000 steps 5, 9): filed 200 days ago and licensed the day
    after the term's last day, it shows "decided on …, day N", late by 1 day, on the applicant's
    page, the staff page and the dashboard, never "overdue"."""
    from register.models import Speciality
    from register.rules import add_months

    with app.app_context():
        codes = [Speciality.select().order_by(Speciality.code).first().code]
    officer = _licensed(app, client, make_user, codes)[0]
    filed = TODAY - datetime.timedelta(days=200)
    decided = add_months(filed, 3) + datetime.timedelta(days=1)
    with app.app_context():
        application = LicensingApplication.get()
        LicensingApplication.update(filed_on=filed).where(LicensingApplication.id == application.id).execute()
        ApplicationEvent.update(on_date=decided).where(ApplicationEvent.action == "order").execute()
        term = LicensingApplication.get().term(TODAY)
        assert term.decided_on == decided and not term.in_time and not term.overdue
        day = term.day
        assert day == (decided - filed).days
    expected = f"day {day} of the term"
    applicant_login(client, app)
    for url in ("/applications/", f"/applications/{application.id}"):
        page = client.get(url).text
        assert expected in page and "late by 1 day" in page and "Overdue" not in page
    client.post("/logout")
    client.post("/login", data={"email": officer.email, "password": TEST_PASSWORD})
    dashboard = client.get("/applications/").text
    assert 'id="decided-applications"' in dashboard and expected in dashboard and "Overdue" not in dashboard
    assert expected in client.get(f"/applications/{application.id}").text


def _two_codes(app):
    from register.models import Speciality

    with app.app_context():
        return [s.code for s in Speciality.select().order_by(Speciality.code).limit(2)]


def test_the_committee_rejects_a_positive_speciality_and_the_order_leaves_it_out(app, client, make_user):
    """000 step 9: a positive assessment by the experts AND the expert committee. The committee
    rejects one of two positive specialities, with reasons and "I confirm"; the chair's order creates
    the licence with the other only and lists the rejected one with the committee's reasons."""
    from register.licensing.models import Verdict

    codes = _two_codes(app)
    application, _officer, expert, committee, chair = _assessed(app, client, make_user, codes, "c")
    client.post("/login", data={"email": expert.email, "password": TEST_PASSWORD})
    page = client.get(f"/applications/{application.id}").text
    assert "committee-reject" not in page  # the expert does not see the committee's form
    refused = client.post(
        f"/applications/{application.id}/verdicts/{codes[1]}/reject",
        data={"reasons": "Не", "confirm": "yes"},
    )
    assert refused.status_code == 422 and "Only the expert committee" in refused.text
    client.post("/logout")
    client.post("/login", data={"email": committee.email, "password": TEST_PASSWORD})
    page = client.get(f"/applications/{application.id}").text
    assert f'id="reject-{codes[1]}"' in page and "hx-confirm" in page and 'name="confirm"' in page
    response = client.post(
        f"/applications/{application.id}/verdicts/{codes[1]}/reject",
        data={"reasons": "Учебните програми не съответстват на ДОИ.", "confirm": "yes"},
    )
    assert response.status_code == 303
    page = client.get(f"/applications/{application.id}").text
    assert "Rejected by the expert committee" in page and "не съответстват на ДОИ" in page
    with app.app_context(), pytest.raises(services.LicensingError, match="rejected this speciality"):
        services.record_verdict(LicensingApplication.get(), expert, codes[1], True, "Пак положителна.")
    with app.app_context():
        rejected = Verdict.get(Verdict.speciality == codes[1])
        assert rejected.positive and rejected.committee_reasons.startswith("Учебните")
        assert rejected.committee_rejected_on == TODAY and not rejected.granted
        services.confirm_verdicts(LicensingApplication.get(), committee, 4, TODAY)
        licence = services.issue_order(LicensingApplication.get(), chair, 5, "Л-2026-7", TODAY)
        assert [s.speciality_id for s in licence.specialities] == [codes[0]]
        note = LicensingApplication.get().order_event().note
        assert codes[1] in note and "не съответстват на ДОИ" in note
    order = pdf_text(client.get(f"/applications/{application.id}/order.pdf"))
    assert "Не се включват" in order and "експертната комисия: Учебните програми" in order
    public = client.get(f"/licences/{licence.number}").text
    assert codes[0] in public and codes[1] not in public


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"reasons": "  ", "confirm": "yes"}, "the committee&#39;s reasons"),
        ({"reasons": "Не съответства."}, "I confirm"),
    ],
)
def test_a_committee_rejection_without_reasons_or_confirmation_writes_nothing(
    app, client, make_user, data, message
):
    """Reasons and "I confirm" are required (the box is checked by the server: JS off holds too);
    a refused rejection changes no verdict and leaves no audit entry."""
    from register.licensing.models import Verdict

    codes = _two_codes(app)
    application, _officer, _expert, committee, _chair = _assessed(app, client, make_user, codes, "c")
    client.post("/login", data={"email": committee.email, "password": TEST_PASSWORD})
    response = client.post(f"/applications/{application.id}/verdicts/{codes[0]}/reject", data=data)
    assert response.status_code == 422 and message in response.text
    with app.app_context():
        assert all(v.committee_reasons == "" and v.committee_rejected_on is None for v in Verdict.select())
        assert not AuditEntry.select().where(AuditEntry.action == "licensing.committee_reject").exists()
