"""Personal data detection: realistic positives and the everyday text that must survive."""

from __future__ import annotations

import pytest

from journal_app.journal.records import Customer, Interaction
from journal_app.services.redaction import KnownPerson, Redactor, preview_redactions

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
    from journal_app.services.redaction import KnownPerson, Redactor

    redactor = Redactor([KnownPerson("Customer F", "Used car sales (Priya Shah)"),
                         KnownPerson("Customer E", "Parts department (Gary Lund)")])
    text = "Mr Okafor's car needed parts; Priya Shah in sales and Gary agreed."
    assert redactor.redact(text) == "Mr Okafor's car needed parts; Customer F in sales and Customer E agreed."


def test_a_name_typed_in_lower_case_is_still_found():
    from journal_app.services.redaction import KnownPerson, Redactor

    redactor = Redactor([KnownPerson("Customer A", "tom hughes")])
    redacted = redactor.redact("Rang Tom about the Hughes account")
    assert redacted == "Rang Customer A about the Customer A account"
