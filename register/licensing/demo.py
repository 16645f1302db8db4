"""Demo licensing applications for `make run`: one being prepared by the demo applicant, one filed and
waiting for the regularity check, one with the experts, so that every role finds work to do.

Made through the services (the same rules as real use); made-up organisations and numbers only."""

import datetime

from portal.accounts import User
from register.licensing import services
from register.licensing.models import LicensingApplication, RequestedSpeciality
from register.models import Speciality

DEMO_APPLICANT = "centre@demo.registar.test"
# (organisation, ЕИК with a valid check digit, representative, e-mail, centre, seat EKATTE)
ORGANISATIONS = (
    ("Демо Обучение ООД", "121604193", "Демо Представител", DEMO_APPLICANT, "ЦПО „Демо Обучение“", "68134"),
    (
        "Демо Север ЕООД",
        "175074752",
        "Примерен Представител",
        "north@demo.registar.test",
        "ЦПО „Север“",
        "10135",
    ),
    ("Демо Юг АД", "831643372", "Образцов Представител", "south@demo.registar.test", "ЦПО „Юг“", "56784"),
)


def seed_demo_applications(officer, expert):
    """Create the demo applications once (nothing if any application exists). Returns how many."""
    if LicensingApplication.select().exists():
        return 0
    specialities = [s.code for s in Speciality.select().order_by(Speciality.code).limit(3)]
    today = datetime.date.today()
    for index, (organisation, eik, representative, email, centre, seat) in enumerate(ORGANISATIONS):
        user = services.register_applicant(organisation, eik, representative, email)
        application = LicensingApplication.get(LicensingApplication.applicant == user)
        data = {
            "centre_name": centre,
            "centre_kind": "cpo",
            "settlement": seat,
            "address": "ул. Примерна 1",
            "postcode": "",
            "phone": "02 000 0000" if index else "",  # the demo applicant still has things to fill in
            "delivery_channel": "email",
        }
        application = services.save_profile(application, user, application.version, data)
        for code in specialities[: index + 1]:
            RequestedSpeciality.create(application=application, speciality=code)
        if index == 0:
            continue
        number = f"94-{index:04d}"
        services.file_application(application, officer, application.version, today, "paper", number)
        if index == 2:
            application = LicensingApplication.get_by_id(application.id)
            services.find_regular(application, officer, application.version, today)
            for field in application.fields_requested():
                services.assign_expert(application, officer, field.code, expert)
            application = LicensingApplication.get_by_id(application.id)
            services.send_experts_letter(application, officer, application.version, today)
    return len(ORGANISATIONS)


def demo_applicant():
    """The demo applicant's account (created with the applications), or None."""
    return User.by_email(DEMO_APPLICANT)
