"""Who speaks: a person, a body or an outlet, never page furniture, a number, a thing cited or the
subject of a quotation; and the person a pronoun stands for (sentences written for these tests)."""

from __future__ import annotations

import pytest

from newsfuse.extract.attribution import attribute_doc


def _speakers(nlp, text: str) -> list[str | None]:
    return [a.speaker_text if a else None for a in attribute_doc(nlp(text))]


def _last(nlp, text: str) -> str | None:
    return _speakers(nlp, text)[-1]


@pytest.mark.parametrize(("text", "speaker"), [
    # page furniture glued to the sentence after it
    ("Updated 6:40 p.m. (Feb. 8)\n\nDayton police said a teenager was shot on Rosedale Drive.", "Dayton police"),
    ("Hide Caption [ ] Show Caption Police say a woman died after shots rang out near the park.", "Police"),
    ("CLOSE Embed x Share Skip in Dayton police want to find a driver, the department said.",
     "the department"),
    ("Posted March 3, 2016 10:15 a.m.\n\nDeputies say two men entered the home.", "Deputies"),
    ("Breaking News Staff\n\nInvestigators said the girl was shot in the hand.", "Investigators"),
    # a clause the parser took into the subject
    ("LOWELL, Mass. - Police say five people were treated for gunshot wounds.", "Police"),
    # what a speaker's phrase keeps: not the clause inside it
    ("“There are four victims in the car,” one of the first deputies who arrived at the scene said.",
     "one of the first deputies"),
    ("The family of a man killed on the river trail says he was a gentle person.", "The family of a man"),
])
def test_speaker_without_page_clutter(nlp, text: str, speaker: str) -> None:
    assert _last(nlp, text) == speaker


@pytest.mark.parametrize("text", [
    "Five people were hit, with four confirmed dead.",  # "six" confirmed nothing
    "The shooter hit five people, with a number of deaths reported.",
])
def test_what_was_reported_is_no_speaker(nlp, text: str) -> None:
    assert _last(nlp, text) is None


def test_a_number_is_no_speaker(nlp) -> None:
    assert _last(nlp, "Of the five victims, four remain in hospital.\n\nSix described the gunman as tall.") \
        not in {"Six", "six"}


@pytest.mark.parametrize(("text", "speaker"), [
    ("Police cited several earlier incidents with the suspect.", "Police"),
    ("Citing privacy laws, hospital officials said they could not give her condition.", "hospital officials"),
    ("Citing an inquiry, police said an argument started at the gym.", "police"),
    ("The Valley Wire reported the count, citing the county coroner.", "the county coroner"),
    ("The station quoted the head of the housing authority, Ruth Amsel, as saying 12 families had left.",
     "Ruth Amsel"),
])
def test_what_is_cited_speaks_only_if_it_can(nlp, text: str, speaker: str) -> None:
    assert _last(nlp, text) is not None and _last(nlp, text).endswith(speaker.split()[-1])  # type: ignore[union-attr]


@pytest.mark.parametrize(("text", "speaker"), [
    ("\"Nobody with any sense fires into a crowd,\" said Reverend Alan Pike.", "Alan Pike"),
    ("“My son told me he was scared,” Carla Boyd said.", "Carla Boyd"),
    ("“I was home, so I felt safe,” said firearms instructor Zach Ruiz, “but that is where people get careless.”",
     "Zach Ruiz"),
])
def test_the_subject_of_a_quotation_is_not_the_speaker(nlp, text: str, speaker: str) -> None:
    assert _last(nlp, text) == speaker or (_last(nlp, text) or "").endswith(speaker.split()[-1])


def test_a_pronoun_takes_a_person_who_speaks_not_a_victim(nlp) -> None:
    text = ("Sgt. Paula Grant said officers arrived within minutes. "
            "Marcus Hill, 19, was shot in the chest. "
            "She said the shooter fled in a gray sedan.")
    assert _speakers(nlp, text)[-1] == "Paula Grant"


def test_a_pronoun_does_not_take_whom_the_other_pronoun_stood_for(nlp) -> None:
    text = ("Lt. Sam Ortiz said the gunman fled on foot. "
            "He said the car was found an hour later. "
            "Neighbor Maria Lopez heard the shots. "
            "She said she ran to the window. "
            "He added that no arrest had been made.")
    speakers = _speakers(nlp, text)
    assert speakers[1] == "Sam Ortiz" or (speakers[1] or "").endswith("Ortiz")
    assert (speakers[3] or "").endswith("Lopez")
    assert (speakers[4] or "").endswith("Ortiz")
