"""Tag normalisation: one key per tag whatever the case, spaces or full-width forms, and
saving folds a typed tag to the spelling already in use, so a tag does not fork."""

import pytest

from candidates.forms import CandidateForm, TagsField
from candidates.models import Candidate
from candidates.scoring.tags import (
    fold_tags,
    spellings_by_key,
    spellings_containing,
    spellings_equal_to,
    tag_key,
    tidy_tag,
)
from candidates.selectors.candidates import distinct_tags
from tests.factories import CandidateFactory


@pytest.mark.parametrize(
    "typed",
    ["Zoho CRM", "zoho crm", "  ZOHO   crm  ", "Ｚｏｈｏ　ＣＲＭ", "zoho\tcrm", "ZOHO CRM"],
)
def test_every_spelling_of_a_tag_has_one_key(typed):
    assert tag_key(typed) == "zoho crm"


def test_chinese_tags_keep_their_characters_and_full_width_digits_fold():
    assert tag_key(" 纷享销客 ") == "纷享销客"
    assert tag_key("销售易２０２４") == tag_key("销售易2024")
    assert tidy_tag("  Ｓａｌｅｓｆｏｒｃｅ  ") == "Salesforce"


def test_folding_takes_the_spelling_in_use_else_the_tidied_one():
    in_use = spellings_by_key(["Zoho CRM", "纷享销客"])
    typed = ["zoho  crm", "纷享销客 ", "New  CRM", "ZOHO CRM", ""]
    assert fold_tags(typed, in_use) == ["Zoho CRM", "纷享销客", "New CRM"]


def test_matching_finds_every_stored_spelling_of_a_key():
    in_use = spellings_by_key(["Zoho CRM", "zoho  crm", "Salesforce"])
    assert spellings_equal_to(["ZOHO crm"], in_use) == ["Zoho CRM", "zoho  crm"]
    assert spellings_equal_to(["CRM"], in_use) == []
    assert spellings_containing("crm", in_use) == ["Zoho CRM", "zoho  crm"]
    assert spellings_containing("  ", in_use) == []


@pytest.mark.django_db
def test_saving_a_candidate_folds_tags_to_the_existing_spelling():
    CandidateFactory(crm_systems=["Zoho CRM"], industries=["Retail banking"])
    form = CandidateForm(
        data={
            "name": "Wu Lei",
            "crm_systems": "zoho crm，Ｓａｌｅｓｆｏｒｃｅ、 ZOHO  CRM",
            "industries": "retail BANKING; 保险",
        }
    )
    assert form.is_valid(), form.errors
    saved = form.save()
    saved.refresh_from_db()
    assert saved.crm_systems == ["Zoho CRM", "Salesforce"]
    assert saved.industries == ["Retail banking", "保险"]
    # The next one typed in another case joins the spelling just saved.
    again = CandidateForm(data={"name": "Ma Li", "crm_systems": "salesforce"})
    assert again.is_valid()
    assert again.cleaned_data["crm_systems"] == ["Salesforce"]
    again.save()
    assert sorted(distinct_tags()["crm_systems"]["salesforce"]) == ["Salesforce"]
    assert Candidate.objects.count() == 3


@pytest.mark.django_db
def test_the_candidate_form_offers_the_tags_in_use():
    CandidateFactory(crm_systems=["纷享销客"], industries=["Insurance"])
    html = CandidateForm().as_p()
    assert '<option value="纷享销客"></option>' in html
    assert 'list="id_crm_systems-tags"' in html
    assert '<option value="Insurance"></option>' in html


def test_a_tags_field_without_folding_only_tidies():
    assert TagsField(required=False).clean(" a ,, Ａ , b ") == ["a", "b"]


@pytest.mark.django_db
def test_the_admin_form_folds_tags_as_the_candidate_form_does():
    from candidates.forms.records import CandidateAdminForm

    CandidateFactory(crm_systems=["Zoho CRM"])
    form = CandidateAdminForm(
        data={"name": "Admin typed", "crm_systems": "ZOHO crm", "industries": ""}
    )
    assert form.is_valid(), form.errors
    assert form.save().crm_systems == ["Zoho CRM"]
