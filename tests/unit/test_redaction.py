"""Personal data detection: realistic positives and the everyday text that must survive."""

from __future__ import annotations

import pytest

from journal_app.journal.records import Customer, Interaction
from journal_app.services.privacy.redaction import KnownPerson, Redactor, preview_redactions

PLAIN = Redactor()


def kinds(text: str, redactor: Redactor = PLAIN) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in redactor.find(text)]


@pytest.mark.parametrize("number", [
    "07700 900123", "07700900123", "07700-900-123", "+44 7700 900123", "+447700900123",
    "+44 (0)20 7946 0018", "020 7946 0018", "0113 496 0000", "(0113) 496 0000", "01632 960001",
    "0800 123 4567", "0044 20 7946 0018", "0345 600 0823",
])
def test_uk_phone_numbers_are_found(number: str) -> None:
    assert kinds(f"Call back on {number} after lunch") == [("phone", number)]


@pytest.mark.parametrize("text", [
    "Booked in at 09:30 for 10:45", "The bill came to £120.50 in total", "Due on 12/10/2026",
    "Invoice 2026-10-12", "Mileage 45,000", "Order ref 123456", "Scored 9 out of 10",
    "NPS rose from 12 to 31", "Room 0.5 metres", "Version 3.10.2",
])
def test_times_money_dates_and_numbers_are_not_phones(text: str) -> None:
    assert [k for k, _ in kinds(text)] == []


@pytest.mark.parametrize("postcode", ["LS1 4AP", "SW1A 1AA", "M1 1AE", "B33 8TH", "CR2 6XH", "DN55 1PT",
                                      "EC1A 1BB", "ls1 4ap", "W1A 0AX"])
def test_uk_postcodes_are_found(postcode: str) -> None:
    assert kinds(f"She lives near {postcode}.") == [("postcode", postcode)]


@pytest.mark.parametrize("plate", ["AB12 CDE", "AB12CDE", "ab12 cde", "A123 BCD", "ABC 123D", "YX68 OKL"])
def test_vehicle_registrations_are_found(plate: str) -> None:
    assert kinds(f"The car {plate} needs a service") == [("vehicle", plate)]


@pytest.mark.parametrize("email", ["anita.patel@example.com", "a+b@mail.co.uk", "o'neill@work.org"])
def test_email_addresses_are_found(email: str) -> None:
    assert kinds(f"Sent it to {email}.") == [("email", email)]


@pytest.mark.parametrize("text", [
    "We met on the 2nd floor, room a1 2nd door", "Ordinary words about a service plan",
    "CSAT was 4.5 and FCR 80%", "MOT due soon", "I will call her at 3pm", "Used open questions",
    "The customer paid by card", "Bay 12 of 20",
])
def test_ordinary_text_has_no_findings(text: str) -> None:
    assert kinds(text) == []


def test_known_names_parts_titles_organisation_and_contact() -> None:
    person = KnownPerson("Customer B", "Mrs Anita Patel", "Patel Logistics", "14 Wellington Road")
    redactor = Redactor([person])
    text = "Mrs Patel (Anita) from Patel Logistics lives at 14 Wellington Road; anita patel agreed."
    assert redactor.redact(text) == (
        "Customer B (Customer B) from [organisation] lives at [contact]; Customer B agreed."
    )


def test_a_full_name_found_in_parts_becomes_one_pseudonym() -> None:
    redactor = Redactor([KnownPerson("Customer C", "Mr John Smith")])
    assert redactor.redact("Spoke to John Smith today") == "Spoke to Customer C today"


def test_names_that_are_everyday_words_only_match_with_a_capital() -> None:
    redactor = Redactor([KnownPerson("Customer D", "Will Brown")])
    assert redactor.redact("I will post the brown envelope to Will Brown") == (
        "I will post the brown envelope to Customer D"
    )
    assert redactor.redact("Will said Brown was fine") == "Customer D said Customer D was fine"


def test_learner_name_and_keep_list_are_never_redacted(memory_journal) -> None:
    from journal_app.journal.records import Learner

    memory_journal.set_learner(Learner(name="Sam Patel"))
    memory_journal.customers.add(Customer(name="Sam Patel"))
    memory_journal.customers.add(Customer(name="Dave Supervisor"))
    redactor = Redactor.for_journal(memory_journal, keep=["Dave Supervisor"])
    assert redactor.redact("Sam Patel asked Dave Supervisor") == "Sam Patel asked Dave Supervisor"


def test_patterns_can_be_switched_off_for_one_persons_terms_only() -> None:
    redactor = Redactor([KnownPerson("Customer E", "Ann Lee")], patterns=False)
    assert redactor.redact("Ann Lee, not 07700 900123") == "Customer E, not 07700 900123"


def test_an_anonymised_customer_contributes_no_terms(memory_journal) -> None:
    c = memory_journal.customers.add(Customer(name="Customer A placeholder"))
    c.name, c.anonymised_at = c.pseudonym, "2026-10-06T17:00:00+01:00"
    assert KnownPerson.from_customer(c).terms() == []


def test_preview_shows_each_finding_with_context(memory_journal) -> None:
    c = memory_journal.customers.add(Customer(name="Mrs Anita Patel"))
    i = memory_journal.interactions.add(Interaction(
        customer=c.id, at="2026-10-01T09:30:00+01:00",
        summary="Mrs Patel rang from 07700 900123 about her car",
    ))
    found = preview_redactions(memory_journal, [i, "email me at x@y.com"], context=10)
    assert [(p.kind, p.text, p.replacement) for p in found] == [
        ("name", "Mrs Patel", c.pseudonym), ("phone", "07700 900123", "[phone]"),
        ("email", "x@y.com", "[email]"),
    ]
    assert found[0].where == f"interaction {i.id}: summary"
    assert found[1].before == "…rang from " and found[1].after == " about her…"
    assert found[2].where == "text 2"
    assert "07700 900123 → [phone]" in found[1].context


def test_redaction_of_empty_text_is_empty() -> None:
    assert PLAIN.redact("") == "" and PLAIN.find("") == []


def test_a_department_with_a_person_in_brackets_redacts_the_person_not_everyday_words():
    from journal_app.services.privacy.redaction import KnownPerson, Redactor

    redactor = Redactor([KnownPerson("Customer F", "Used car sales (Priya Shah)"),
                         KnownPerson("Customer E", "Parts department (Gary Lund)")])
    text = "Mr Okafor's car needed parts; Priya Shah in sales and Gary agreed."
    assert redactor.redact(text) == "Mr Okafor's car needed parts; Customer F in sales and Customer E agreed."


def test_a_name_typed_in_lower_case_is_still_found():
    from journal_app.services.privacy.redaction import KnownPerson, Redactor

    redactor = Redactor([KnownPerson("Customer A", "tom hughes")])
    redacted = redactor.redact("Rang Tom about the Hughes account")
    assert redacted == "Rang Customer A about the Customer A account"


# --- names written differently from how they are stored ------------------------------------
def test_erasing_a_customer_with_a_chinese_name_leaves_no_trace(memory_journal) -> None:
    from journal_app.services.privacy.erasure import erase_customer

    li = memory_journal.customers.add(Customer(name="李雷 (Li Lei)"))
    other = memory_journal.customers.add(Customer(name="Priya Shah"))
    mine = memory_journal.interactions.add(Interaction(
        customer=li.id, at="2026-10-01T09:30:00+01:00", summary="李雷 returned, wrong tyre brand"))
    theirs = memory_journal.interactions.add(Interaction(
        customer=other.id, at="2026-10-02T09:30:00+01:00", summary="Priya asked if 李雷先生 was happy"))
    erase_customer(memory_journal, li.id)
    assert "李雷" not in memory_journal.interactions.get(mine.id).summary
    expected = f"Priya asked if {li.pseudonym}先生 was happy"
    assert memory_journal.interactions.get(theirs.id).summary == expected
    assert memory_journal.search("李雷") == []


@pytest.mark.parametrize(("stored", "written"), [
    ("Siobhán Kelly", "Siobhan"), ("Siobhan Kelly", "Siobhán"), ("Mr Dara O’Brien", "O'Brien"),
    ("Dara O'Brien", "Mr O’Brien"), ("Gareth Lloyd-Jones", "Mr Jones"), ("Gareth Lloyd-Jones", "Mrs Lloyd"),
    ("Liz (Elizabeth) Carter", "Liz"), ("Liz (Elizabeth) Carter", "Elizabeth"),
    ("Liz (Elizabeth) Carter", "Carter"), ("李雷 (Li Lei)", "李雷"), ("李雷 (Li Lei)", "Li Lei"),
    ("Mrs Anita Patel", "Anita Patel"),
])
def test_a_name_is_found_however_it_is_written(stored: str, written: str) -> None:
    redactor = Redactor([KnownPerson("Customer A", stored)])
    assert redactor.redact(f"Spoke to {written} today") == "Spoke to Customer A today"


def test_half_a_double_barrelled_name_alone_or_a_short_name_in_a_compound_is_not_the_person() -> None:
    redactor = Redactor([KnownPerson("Customer A", "Gareth Lloyd-Jones"),
                         KnownPerson("Customer B", "Li Lei")])
    assert redactor.redact("Jones the van and a Li-ion pack") == "Jones the van and a Li-ion pack"


def test_a_name_part_shared_with_the_learner_alone_is_ambiguous_and_stays(memory_journal) -> None:
    from journal_app.journal.records import Learner

    memory_journal.set_learner(Learner(name="Sam Patel", assessor="Jo Reid",
                                       placement="Halton Motors, Leeds"))
    jones = memory_journal.customers.add(Customer(name="Sam Jones", organisation="Halton Motors"))
    anita = memory_journal.customers.add(Customer(name="Mrs Anita Patel"))
    redactor = Redactor.for_journal(memory_journal)
    assert redactor.redact("Sam rang Sam Jones; Jones and Mrs Patel and Anita Patel; Patel is me") == (
        f"Sam rang {jones.pseudonym}; {jones.pseudonym} and {anita.pseudonym} and {anita.pseudonym}; "
        "Patel is me"
    )
    assert redactor.redact("Jo Reid observed me at Halton Motors") == "Jo Reid observed me at Halton Motors"


def test_everyday_names_at_the_start_of_a_sentence_or_as_months_are_left() -> None:
    redactor = Redactor([KnownPerson("Customer A", "May Chen"), KnownPerson("Customer B", "Will Brown"),
                         KnownPerson("Customer C", "Jan Nowak")])
    text = "May I help? Will you wait? On 12 May and 3 Jan we met. May was calm, Will said so, Jan too."
    assert redactor.redact(text) == (
        "May I help? Will you wait? On 12 May and 3 Jan we met. Customer A was calm, Customer B said so, "
        "Customer C too."
    )


# --- contact details written differently -------------------------------------------------------
@pytest.mark.parametrize("written", ["07700-900-123", "+44 7700 900123", "07700900123", "0044 7700 900 123",
                                     "(07700) 900123", "priya@shop.com", "PRIYA+till@Shop.com"])
def test_a_known_customers_contact_details_are_found_in_any_form(written: str) -> None:
    light = Redactor([KnownPerson("Customer A", "Priya Shah", contact="07700 900123, priya@shop.com")],
                     patterns=False)
    assert light.redact(f"Her details: {written}.") == "Her details: [contact]."
    assert light.redact("Not hers: 07700 900999, ann@shop.com") == "Not hers: 07700 900999, ann@shop.com"


def test_phonenumbers_is_imported_only_when_a_number_is_compared() -> None:
    import subprocess
    import sys

    code = ("import sys; from journal_app.services.privacy.redaction import Redactor, KnownPerson; "
            "r = Redactor([KnownPerson('Customer A', 'Ann Lee', contact='07700 900123')]); "
            "r.redact('Ann rang from 07700 900123 about AB12 CDE'); "
            "print('phonenumbers' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


# --- more kinds of personal data ------------------------------------------------------------
@pytest.mark.parametrize(("text", "kind", "found"), [
    ("NI JT 48 12 93 B", "ni-number", "JT 48 12 93 B"),
    ("card 4111 1111 1111 1111 declined", "card", "4111 1111 1111 1111"),
    ("DOB: 12/03/1987", "dob", "12/03/1987"),
    ("born on 3rd March 1990", "dob", "3rd March 1990"),
    ("lives at Flat 3, 14 Wellington Road", "address", "Flat 3, 14 Wellington Road"),
    ("plate YK75 NBV", "vehicle", "YK75 NBV"),
])
def test_new_kinds_are_found(text: str, kind: str, found: str) -> None:
    assert kinds(text) == [(kind, found)]


@pytest.mark.parametrize("text", [
    "QQ 12 34 56 C is the leaflet's example", "card 4111 1111 1111 1112", "MOT due 12/03/2027",
    "Volvo XC90 and a Toyota GT86", "Audi Q7 TDI", "BMW X3 4WD", "The XC60 was next", "Citroen C4 VTR",
    "Fitted part no 0986 452 041", "5 minutes drive away", "Bay 4 was free",
])
def test_lookalikes_are_not_found(text: str) -> None:
    assert kinds(text) == []


def test_account_patterns_and_never_hide_are_journal_settings(memory_journal) -> None:
    from journal_app.errors import InvalidInput
    from journal_app.services.privacy.privacy_settings import id_patterns, set_id_patterns, set_never_hide

    assert set_id_patterns(memory_journal, [r"ORD-\d{6}", " ", r"ORD-\d{6}"]) == [r"ORD-\d{6}"]
    for bad in [r"ORD-(\d", r"\d*", r"\d{2}", r"[a-z]+"]:
        with pytest.raises(InvalidInput):
            set_id_patterns(memory_journal, [bad])
    assert id_patterns(memory_journal) == [r"ORD-\d{6}"]
    memory_journal.customers.add(Customer(name="Grace Lane"))
    set_never_hide(memory_journal, ["Grace Lane Tyres", "0113 496 0999"])
    redactor = Redactor.for_journal(memory_journal)
    assert redactor.redact("ORD-204518: Grace Lane Tyres fitted, ring 0113 496 0999 or 0113 496 0123") == (
        "[account no]: Grace Lane Tyres fitted, ring 0113 496 0999 or [phone]"
    )
    assert redactor.redact("Grace Lane rang") != "Grace Lane rang"


def test_special_category_words_are_reported_in_the_preview_but_not_redacted(memory_journal) -> None:
    text = "She is hard of hearing and pregnant, so I spoke slowly"
    found = preview_redactions(memory_journal, [text])
    assert [(p.kind, p.text) for p in found] == [("special-category", "hard of hearing"),
                                                 ("special-category", "pregnant")]
    assert Redactor().redact(text) == text and Redactor().find(text) == []
