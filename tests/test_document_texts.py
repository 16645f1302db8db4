"""Official documents' wording goes through the message catalogues (issue 14 §5) and is rendered in
the document's language, not the visitor's: a Bulgarian document is Bulgarian, and the same bytes,
whichever language the visitor reads the site in."""

from tests.test_licensing import applicant_login, complete_profile, pdf_text, register, the_application


def test_the_application_pdf_is_bulgarian_whatever_the_visitors_language(app, client):
    register(client)
    applicant_login(client, app)
    application = the_application(app)
    complete_profile(app)
    url = f"/applications/{application.id}/application.pdf"
    client.set_cookie("lang", "bg")
    in_bulgarian = client.get(url)
    client.set_cookie("lang", "en")
    assert '<html lang="en">' in client.get(f"/applications/{application.id}").text  # the site is English
    for_an_english_reader = client.get(url)
    assert for_an_english_reader.status_code == 200
    assert for_an_english_reader.data == in_bulgarian.data
    text = pdf_text(for_an_english_reader)
    assert "1. Заявител" in text and "Подпис на представляващия и печат" in text
    assert "Applicant" not in text and "Signature" not in text
