"""Casualties the way local news writes them (sentences written for these tests, in that style).

A victim counted without a number ("a man was shot and killed" is one killed), the counts of the
dead and the wounded read through the verbs that say them, and harm that did not happen (negated,
under a modal, intended, feared) read as no count at all.
"""

from __future__ import annotations

import pytest

from newsfuse.extract.context import contextualize
from newsfuse.extract.quantities import find_quantities
from newsfuse.nlp import parse_doc
from newsfuse.types import Article, QuantityInContext


def _context(nlp, text: str) -> list[QuantityInContext]:
    doc = nlp(text)
    sent = next(doc.sents)
    return list(contextualize(doc, sent, find_quantities(sent), None))


_HARMS = frozenset({"killed", "injured", "shot", "killed or injured"})


def _counts(nlp, text: str, kept: frozenset[str] | None = _HARMS) -> dict[str, list[tuple[str, float | None]]]:
    """measure -> [(the quantity's text, its low)] for the measures ``kept`` (None: all) of a one-sentence text."""
    out: dict[str, list[tuple[str, float | None]]] = {}
    for q in _context(nlp, text):
        if kept is None or q.measure in kept:
            out.setdefault(str(q.measure), []).append((q.mention.quantity.text, q.mention.quantity.low))
    return out


def _article_counts(nlp, text: str) -> list[tuple[str, str | None, float | None]]:
    """(text, measure, low) of every harm quantity an article keeps after the article-wide pass."""
    parsed = parse_doc(nlp(text), Article(id="a", source="test", url=None, title=None, published="2016-05-02",
                                          text=text))
    return [(q.mention.quantity.text, q.measure, q.mention.quantity.low)
            for s in parsed.sentences for q in s.quantities if q.measure in {"killed", "injured", "shot"}]


# --------------------------------------------------------------------------- a victim without a number


@pytest.mark.parametrize(("text", "victim", "measure"), [
    ("A man was shot and killed early Sunday outside a bar on Harmon Avenue.", "A man", "killed"),
    ("A teen died at the hospital after the shooting on Delmar Street, police said.", "A teen", "killed"),
    ("The victim, 23, was pronounced dead on the sidewalk.", "The victim", "killed"),
    ("A four-year-old girl has died after she found a loaded pistol in a bedroom.", "A four-year-old girl",
     "killed"),
    ("Police said Dana Whitfield was killed in the crossfire.", "Dana Whitfield", "killed"),
    ("A gunman killed a cashier at the corner store on Friday night.", "a cashier", "killed"),
    ("A woman was fatally shot outside her home on Birch Lane.", "A woman", "killed"),
    ("A 17-year-old was found dead inside the garage.", "A 17-year-old", "killed"),
    ("A teenager was wounded in the drive-by shooting.", "A teenager", "injured"),
    ("A passenger was shot in the leg during the robbery.", "A passenger", "shot"),
    ("A man killed in the crossfire on Sunday was identified as a local barber.", "A man", "killed"),
    ("A man who was shot on Tuesday has died, police said.", "A man", "killed"),
    ("A 6-year-old boy has passed away from his injuries, the family said.", "A 6-year-old boy", "killed"),
    ("The victim passed away at the hospital.", "The victim", "killed"),
    ("Deputies found a teen who had been shot to death behind the laundromat.", "a teen", "killed"),
    # a victim named as someone's child is still the victim, not a count of children
    ("The mother of a toddler who was killed in the crash was arrested.", "a toddler",
     "killed"),
])
def test_a_lone_victim_counts_one(nlp, text: str, victim: str, measure: str) -> None:
    [q] = [q for q in _context(nlp, text) if q.mention.implicit]
    assert q.measure == measure
    assert q.mention.quantity.text == victim and q.mention.quantity.low == q.mention.quantity.high == 1
    assert text[q.mention.start:q.mention.end] == victim  # the count points at the victim's words
    assert q.subject == "people"  # one of the people killed, whatever word names them


def test_victims_coordinated_are_counted_together(nlp) -> None:
    [q] = [q for q in _context(nlp, "A man and a woman were found dead in the apartment.") if q.mention.implicit]
    assert (q.measure, q.mention.quantity.text, q.mention.quantity.low) == ("killed", "A man and a woman", 2)


@pytest.mark.parametrize("text", [
    "Either her cousin or a neighbour was killed.",  # one of them
    "No one was hurt in the crash.",
    "The shooter, who also wounded a clerk, fled on foot.",  # the shooter did the harm
    "A man shot and killed his neighbor on Friday.",  # the man did it: the neighbour is the one killed
    "He was at a cookout when gunfire killed his cousin.",  # "he" is in another clause than the harm
    "The hospital where she died is two miles away.",
    "A spokesman said the family is grieving.",
])
def test_who_is_not_a_lone_victim(nlp, text: str) -> None:
    victims = {q.mention.quantity.text for q in _context(nlp, text) if q.mention.implicit}
    assert not victims & {"Another man", "A third person", "his brother or a friend", "No one", "The shooter",
                          "A man", "He", "The hospital", "A spokesman"}


def test_the_one_harmed_by_another_is_counted(nlp) -> None:
    victims = {q.mention.quantity.text: q.measure for q in _context(nlp, "The shooter, who also wounded a clerk, fled.")
               if q.mention.implicit}
    assert victims == {"a clerk": "injured"}


# --------------------------------------------------------------------------- counts read through their verbs


@pytest.mark.parametrize(("text", "expected"), [
    ("Two are dead and two are in critical condition after the shooting.",
     {"killed": [("Two", 2)], "injured": [("two", 2)]}),
    ("The gunman killed two and wounded three before he fled.", {"killed": [("two", 2)], "injured": [("three", 3)]}),
    ("Two men were shot and killed early Sunday.", {"killed": [("Two", 2)]}),
    ("Three people were shot, one fatally, police said.", {"shot": [("Three", 3)], "killed": [("one", 1)]}),
    ("Four men were shot on Saturday, two of them fatally.", {"shot": [("Four", 4)], "killed": [("two", 2)]}),
    ("Deputies said three of the four victims were shot to death.", {"killed": [("three", 3)]}),
    ("The blast, injuring six and killing another, shook the block.", {"injured": [("six", 6)]}),
    # two harms joined by "or" are neither toll
    ("Nine have been hurt or killed by stray bullets this year.", {"killed or injured": [("Nine", 9)]}),
    # a complement's own adverb says the harm: "fatally wounded" is dead, beside the others' injuries
    ("The blast left one man fatally wounded and two others with minor injuries.",
     {"killed": [("one", 1)], "injured": [("two", 2)]}),
    # those who did something, described as wounded, are no count of the wounded
    ("The first call was placed at 3:10 p.m. by two wounded officers, the chief said.", {}),
    ("The gunfire left one woman dead and two other people wounded outside a diner.",
     {"killed": [("one", 1)], "injured": [("two", 2)]}),
    ("Detectives are investigating the attack that killed one and injured three late Friday.",
     {"killed": [("one", 1)], "injured": [("three", 3)]}),
    ("A deputy was fatally shot after a shoot-out with three men in a parked car.", {"killed": [("A deputy", 1)]}),
    ("A deputy was killed after he and several colleagues answered a call.", {"killed": [("A deputy", 1)]}),
    ("He was shot by two men outside the bar.", {"shot": [("He", 1)]}),
    ("One man died in the attack, not two.", {"killed": [("One", 1)]}),
    # a headline's list: each number's own word says its harm, whatever noun the parse hangs them on
    ("Two dead, two critical and 12 others injured after party shooting",
     {"killed": [("Two", 2)], "injured": [("two", 2), ("12", 12)]}),
    ("Three people passed through the checkpoint.", {}),
    # a bare "one" in the state the harm left it in counts a person
    ("The gunfire at the fair left one dead and two injured.", {"killed": [("one", 1)], "injured": [("two", 2)]}),
    ("One dead, three hurt in Larkspur Road shooting", {"killed": [("One", 1)], "injured": [("three", 3)]}),
    ("No one dead, police say.", {}),
    # a life taken, claimed or cost is a death
    ("The fire at the mill claimed the lives of three workers.", {"killed": [("three", 3)]}),
    ("The gunman took two innocent lives, the sheriff said.", {"killed": [("two", 2)]}),
    ("The crash on the bypass cost four lives.", {"killed": [("four", 4)]}),
    ("The strike cost two weeks of wages.", {}),
])
def test_counts_of_the_dead_and_the_wounded(nlp, text: str, expected: dict[str, list[tuple[str, int]]]) -> None:
    assert _counts(nlp, text) == expected


# --------------------------------------------------------------------------- harm that did not happen


@pytest.mark.parametrize("text", [
    "One person inside the apartment was not injured.",
    "He was charged with aiming to kill four officers.",
    "The blast could have killed dozens of people.",
    "The man threatened to kill two of his coworkers.",
    "The driver sped away without injuring anyone.",
    "The bullet barely missed killing a toddler asleep in his crib.",
    "Police feared two hikers were dead.",
    "They underwent surgery and two will need more surgery next week.",  # a future
    "Had the deputy been shot, the vest would have stopped the bullet.",  # a condition told by inversion
    "The surgeon said had he been hit an inch higher, he would not have lived.",
])
def test_harm_that_did_not_happen_is_no_count(nlp, text: str) -> None:
    assert _counts(nlp, text) == {}


# --------------------------------------------------------------------------- the article as a whole


def test_a_lone_victim_of_an_article_that_tells_of_more_is_left_out(nlp) -> None:
    text = ("Two people were killed in a shooting on Lake Street on Saturday. "
            "The man was pronounced dead on the porch.")
    assert _article_counts(nlp, text) == [("Two", "killed", 2)]


def test_a_lone_victim_is_kept_where_the_article_tells_of_no_other(nlp) -> None:
    text = "A man was shot and killed Saturday on Lake Street. Police have not named a suspect."
    assert _article_counts(nlp, text) == [("A man", "killed", 1)]


def test_the_shot_who_died_are_not_counted_as_shot(nlp) -> None:
    text = "A man was shot Tuesday night near Oak Park. He died at the hospital an hour later."
    assert _article_counts(nlp, text) == [("He", "killed", 1)]


def test_two_victims_named_apart_make_no_lone_count(nlp) -> None:
    text = ("Police said Dana Whitfield was shot and killed near the park. "
            "Marcus Greer was also shot and killed, police said.")
    assert [c for c in _article_counts(nlp, text) if c[1] == "killed"] == []


def test_the_wounded_who_died_are_not_counted_as_wounded(nlp) -> None:
    text = "A boy was wounded in the shooting on Elm Street. The boy died on Friday, police said."
    assert _article_counts(nlp, text) == [("The boy", "killed", 1)]


def test_the_wounded_victim_a_later_pronoun_tells_dead_is_the_one_who_died(nlp) -> None:
    text = ("Deputies came upon a teenager suffering from a gunshot wound behind a store. "
            "He was driven to a trauma center, where he was later pronounced dead.")
    assert _article_counts(nlp, text) == [("he", "killed", 1)]
    text = "Witnesses said the boy suffered a gunshot wound as well and was flown to a clinic where he later died."
    assert _article_counts(nlp, text) == [("he", "killed", 1)]


def test_a_pronoun_of_the_other_sex_is_someone_else(nlp) -> None:
    text = "A woman was wounded in the shooting on Elm Street. He was pronounced dead at the scene."
    assert _article_counts(nlp, text) == [("A woman", "injured", 1), ("He", "killed", 1)]


def test_the_victim_wounded_where_one_died_is_the_one_who_died(nlp) -> None:
    text = ("A man died of a gunshot wound early Thursday. "
            "Deputies found the victim suffering from a gunshot wound in the driveway.")
    assert _article_counts(nlp, text) == [("A man", "killed", 1)]


def test_the_only_one_hurt_where_one_died_is_the_one_who_died(nlp) -> None:
    text = ("Deputies said Ray Olsen was cleaning a rifle when he was fatally wounded on Sunday. "
            "Olsen was the only person injured, the sheriff said.")
    assert [(m, n) for _, m, n in _article_counts(nlp, text)] == [("killed", 1)]


def test_a_killed_and_a_wounded_victim_are_both_counted(nlp) -> None:
    text = "A man was killed and a woman was wounded in the shooting on Elm Street."
    assert sorted(_article_counts(nlp, text)) == [("A man", "killed", 1), ("a woman", "injured", 1)]


def test_another_than_the_one_who_shot_is_no_one_more_victim(nlp) -> None:
    # "another man" is the man the shooter (a man too) shot, who died: not one more victim, wounded
    text = ("A Hillside man is accused of shooting another man in the chest on Friday. "
            "Dale Roe, 40, was killed, Sgt. Ana Ruiz said.")
    assert _article_counts(nlp, text) == [("Dale Roe", "killed", 1)]


# --------------------------------------------------------------------------- read with the product's pipeline


def _product_counts(text: str) -> list[tuple[str, str | None, float | None, str]]:
    """(text, measure, low, scope kind) of every quantity the product's own pipeline keeps (its components
    included: a blank line ends a sentence)."""
    from newsfuse.nlp import parse_articles

    [parsed] = parse_articles([Article(id="a", source="test", url=None, title=None, published="2016-05-02",
                                       text=text)])
    return [(q.mention.quantity.text, q.measure, q.mention.quantity.low, q.scope.kind)
            for s in parsed.sentences for q in s.quantities]


@pytest.mark.parametrize(("text", "expected"), [
    # a harm the sentence denies is not fatal
    ("A 6-year-old girl was also hit in the arm, but was not fatally wounded.",
     [("A 6-year-old girl", "injured", 1.0, "event")]),
    # "lose" is a death only with a life or a person lost
    ("He lost his gun rights after a 2010 assault conviction.", []),
    ("Two men lost their lives in the shooting on Pike Street.", [("Two", "killed", 2.0, "event")]),
    # a caption's number is no count of the paragraph below it
    ("Photo: 21 Pro Video\n\nA man died on Sunday after being shot on Elm Street.",
     [("A man", "killed", 1.0, "event")]),
    # the wounded counted by their condition are a part of the toll
    ("Four are in stable condition and one remains in serious condition.", [("Four", "injured", 4.0, "part")]),
    # "also wounded": more of the wounded, beside those told before
    ("Two men in their 30s, also wounded, were detained.", [("Two", "injured", 2.0, "part")]),
    # a death told as "deceased"
    ("Two people were found deceased inside the home on Alder Court.", [("Two", "killed", 2.0, "event")]),
    # a list the parse reads as an apposition: each count a part of the dead
    ("One man, two women, and one child are dead.",
     [("One", "killed", 1.0, "part"), ("two", "killed", 2.0, "part"), ("one", "killed", 1.0, "part")]),
    ("One elderly male, two young females, and one toddler were found dead.",
     [("One", "killed", 1.0, "part"), ("two", "killed", 2.0, "part"), ("one", "killed", 1.0, "part")]),
    # people the parse joined to the place of the first: "a man and a boy" hung on "a pizza shop"
    ("Two women at a pizza shop and a man and a boy near the bus stop were hurt.",
     [("Two", "injured", 2.0, "part")]),
])
def test_what_local_pages_hold_around_the_counts(text: str, expected: list[tuple[str, str, float, str]]) -> None:
    assert [c for c in _product_counts(text) if c[1] in {"killed", "injured", "shot"}] == expected


@pytest.mark.parametrize(("text", "not_counts"), [
    ("Neighbors made several 911 calls after the shots on Orchard Road.", {"911"}),
    ("(May 1) AP 10 of 10 Last Video Next Video More details released", {"10"}),
    ("Image 21 of 21 4 members of a family shot in a house on Oak Court 1 / 21 Back to Gallery", {"21"}),
    # the last of a list of ages the parse hung on the next person
    ("Police found four men - aged 18, 22, 25, and 30 - and one girl, 15, had been wounded.", {"30"}),
])
def test_the_emergency_number_and_gallery_counters_are_no_counts(text: str, not_counts: set[str]) -> None:
    assert not {c[0] for c in _product_counts(text)} & not_counts


# --------------------------------------------------------------------------- everyone hit, others, round-ups


@pytest.mark.parametrize(("text", "expected"), [
    # those the police came upon with wounds are everyone hit, the dead among them
    ("Arriving deputies found 4 people suffering from gunshot wounds behind a diner.",
     {"shot": [("4", 4)]}),
    ("Officers said they found two brothers suffering from gun shot wounds, one died before help came.",
     {"shot": [("two", 2)]}),
    ("Two men suffered gunshot wounds in the attack.", {"injured": [("Two", 2)]}),
    # a count of the wounded that a number after it tells some of died counts everyone hit
    ("A brawl outside a club ended in gunfire, leaving five people wounded -- two of them mortally, police said.",
     {"shot": [("five", 5)], "killed": [("two", 2)]}),
    ("Four men were wounded, one fatally, in the shooting.", {"shot": [("Four", 4)], "killed": [("one", 1)]}),
    # ... or picks the dead out of them: "two of those victims are dead", "three of them died"
    ("The sheriff reported at least 14 people hurt at the fair, and two of those victims have since died.",
     {"shot": [("at least 14", 14)], "killed": [("two", 2)]}),
    ("Seven people were wounded in the spray of bullets; three of them died later.",
     {"shot": [("Seven", 7)], "killed": [("three", 3)]}),
    # "was hit and suffered serious injuries": wounded
    ("A cyclist was hit in the shoulder and suffered serious injuries.", {"injured": [("A cyclist", 1)]}),
])
def test_everyone_hit_and_the_wounded(nlp, text: str, expected: dict[str, list[tuple[str, int]]]) -> None:
    assert _counts(nlp, text) == expected


@pytest.mark.parametrize("text", [
    "He fired enough rounds to hurt several people.",  # a degree: what could have happened
    "Officials are checking whether reports that a second man has died are wrong.",
    "We are working to learn if there is a third victim or if reports that a man has died are wrong.",
])
def test_harm_told_as_hearsay_or_degree_is_no_count(nlp, text: str) -> None:
    assert _counts(nlp, text) == {}


@pytest.mark.parametrize(("text", "expected"), [
    # how often, how far, with what: no one else it befell
    ("The clerk was shot four times in the back.", {"shot": [("The clerk", 1)]}),
    ("The cashier suffered four gunshot wounds to the arm and chest.", {"injured": [("The cashier", 1)]}),
    ("Detectives said they had executed 31 search warrants in the county.", {}),
    # ... nor where: the homes, the towns
    ("Investigators say six people were killed by the gunman in three different homes.", {"killed": [("six", 6)]}),
    # lives lost are people
    ("We lost three lives today to senseless violence, the mayor said.", {"killed": [("three", 3)]}),
    # ... nor what was done or happened: operations, calls, incidents
    ("The clerk died on Sunday after undergoing two surgeries.", {"killed": [("The clerk", 1)]}),
    ("The boy has already had one surgery and faces a second.", {}),
    ("Twelve people were wounded in three incidents overnight.", {"injured": [("Twelve", 12)]}),
    ("Thirty people were shot in 14 incidents across the city.", {"shot": [("Thirty", 30)]}),
])
def test_a_harm_counts_people_not_times_wounds_or_warrants(nlp, text: str,
                                                           expected: dict[str, list[tuple[str, int]]]) -> None:
    assert _counts(nlp, text) == expected


def test_one_of_two_groups_counted_together_is_a_part(nlp) -> None:
    [q] = [q for q in _context(nlp, "Three of the male victims and the female victim died at the scene.")
           if q.measure == "killed"]
    assert (q.mention.quantity.low, q.scope.kind, q.scope.group) == (3, "part", "male victims")


def test_a_count_of_one_shooting_of_a_round_up_is_another_events(nlp) -> None:
    text = ("Two died and 11 were hurt in five separate shootings across the city on Saturday, including one "
            "shooting in which six people were shot at a block party in Midtown.")
    scopes = {q.mention.quantity.text: q.scope.kind for q in _context(nlp, text) if q.measure in {"killed", "injured", "shot"}}
    assert scopes == {"Two": "wider", "11": "wider", "six": "other"}


@pytest.mark.parametrize(("text", "expected"), [
    ("Investigators said three people died at the mall, including the gunman.", {"three": "including the suspect"}),
    ("The attack left five people dead, including the shooter, and two hurt.",
     {"five": "including the suspect", "two": None}),
    ("A rampage left four soldiers including the attacker dead and 12 others injured.",
     {"four": "including the suspect", "12": None}),
    ("Two died at the scene, including gunman Ross Pell, 41.", {"Two": "including the suspect"}),
    # ... or that it goes on to say one of the dead is
    ("We have four dead, six wounded and of the four dead one is the gunman, the chief said.",
     {"four": "including the suspect", "six": None}),
    ("Three people died, and one of them was the shooter.", {"Three": "including the suspect"}),
    ("Three people died, and one of them was the shooter's cousin.", {"Three": None}),
    # who is included is no doer; a doer named in what follows is not who is included
    ("Six people were wounded, including a teenager.", {"Six": None}),
    ("Two people died, including a guard who tried to stop the gunman.", {"Two": None}),
])
def test_a_toll_that_includes_who_did_it_has_a_scope_of_its_own(nlp, text: str, expected: dict[str, str | None]) -> None:
    groups = {q.mention.quantity.text: q.scope.group for q in _context(nlp, text)
              if q.measure in {"killed", "injured", "shot"} and not q.mention.implicit}
    assert groups == expected


def _article_scopes(nlp, text: str) -> list[tuple[str, str | None, str]]:
    parsed = parse_doc(nlp(text), Article(id="a", source="test", url=None, title=None, published="2016-05-02",
                                          text=text))
    return [(q.mention.quantity.text, q.measure, q.scope.kind)
            for s in parsed.sentences for q in s.quantities if q.measure in {"killed", "injured", "shot"}]


def test_others_wounded_beside_a_wounded_victim_told_before_are_a_part(nlp) -> None:
    # the guard and the two others: three wounded, "two others" is no toll
    text = "A robber shot a night guard in the chest at the store on Friday. Two others were wounded, police said."
    assert ("Two", "injured", "part") in _article_scopes(nlp, text)
    text = ("A woman was shot in the arm and her dog was killed in the attack that injured three other people.")
    assert ("three", "injured", "part") in _article_scopes(nlp, text)
    text = "The 19-year-old was hit in the shoulder and suffered serious injuries. Three other teens were also hurt."
    assert ("Three", "injured", "part") in _article_scopes(nlp, text)
    # others than a wounded victim told beside them, though the sentence tells a death too
    text = "A woman was shot in the arm and her husband was killed in the attack that injured three other people."
    assert ("three", "injured", "part") in _article_scopes(nlp, text)


def test_others_wounded_beside_the_dead_are_the_toll_of_the_wounded(nlp) -> None:
    assert _article_scopes(nlp, "A man was killed on Friday. Two others were wounded.") == [
        ("A man", "killed", "event"), ("Two", "injured", "event")]
    assert _article_scopes(nlp, "The gunman killed one man and wounded four others near the station.") == [
        ("one", "killed", "event"), ("four", "injured", "event")]


def test_the_wounded_beside_a_count_by_condition_are_parts(nlp) -> None:
    text = "Officials said three of the wounded were in serious condition and two had minor injuries."
    assert [(q.mention.quantity.low, q.scope.kind) for q in _context(nlp, text) if q.measure == "injured"] == [
        (3, "part"), (2, "part")]
    # the toll told first stays the toll
    text = "Four people were wounded and one is in critical condition."
    assert [(q.mention.quantity.low, q.scope.kind) for q in _context(nlp, text) if q.measure == "injured"][0] == (
        4, "event")


def test_a_grief_is_no_wound(nlp) -> None:
    assert _counts(nlp, "The boy is still hurting after the loss.") == {}
    assert _counts(nlp, "The blast, hurting six, shook the block.") == {"injured": [("six", 6)]}


def test_a_number_in_a_condition_is_a_part_of_the_wounded(nlp) -> None:
    scopes = {q.mention.quantity.text: (q.measure, q.scope.kind, q.scope.group)
              for q in _context(nlp, "Two dead, two critical and 12 others injured after party shooting")}
    assert scopes["two"] == ("injured", "part", "in critical condition")
    assert scopes["Two"][:2] == ("killed", "event")
    # a dispatch's list by condition: every number a part, none the toll
    dispatch = _context(nlp, "2 critical 1 serious 1 minor injuries.")
    assert [(q.measure, q.scope.kind) for q in dispatch] == [("injured", "part")] * 3
    assert dispatch[0].scope.group == "in critical condition"


@pytest.mark.parametrize(("text", "toll", "parts"), [
    ("Six people were wounded, four by gunfire and two by broken glass.", "Six",
     {"four": "by gunfire", "two": "by broken glass"}),
    ("Nine people were injured, two of them seriously.", "Nine", {"two": "seriously injured"}),
    ("Five people were shot, three of them in the legs.", "Five", {"three": "in the legs"}),
    ("Police said 14 were hurt, 11 with gunshot wounds and three others with cuts.", "14",
     {"11": "with gunshot wounds"}),
])
def test_a_toll_told_apart_makes_parts_not_tolls(nlp, text: str, toll: str, parts: dict[str, str]) -> None:
    found = {q.mention.quantity.text: q.scope for q in _context(nlp, text) if q.measure in {"injured", "shot"}}
    assert {t: s.group for t, s in found.items() if s.kind == "part"} == parts
    assert [t for t, s in found.items() if s.kind == "event"] == [toll]


@pytest.mark.parametrize(("text", "measure"), [
    ("A shooting on Dock Street left two of the guests dead on Sunday.", "killed"),
    ("Two of the guests, both 24, were pronounced dead at the scene.", "killed"),
    ("The gunman opened fire, striking two of the guests.", "shot"),
])
def test_some_of_a_group_harmed_are_the_harms_count(nlp, text: str, measure: str) -> None:
    """The verb that tells the harm of "N of the X" ("left ... dead", "pronounced dead", "striking") makes N the
    count of that harm, not a part of it named by the verb ("those left")."""
    assert [(q.measure, q.scope.kind) for q in _context(nlp, text) if q.measure == measure] == [(measure, "event")]


@pytest.mark.parametrize(("text", "group"), [
    ("Two of the four people who were wounded had been discharged by Monday.", "those discharged"),
    # told apart by their wounds: a part, whatever the others' harm
    ("Two of the guests suffered wounds in the arms.", "those who suffered wounds"),
    ("Two of the guests had minor cuts, a spokeswoman said.", "those with minor cuts"),
    ("Medics took two of the guests to the hospital.", "those taken"),
    ("Two of the guests were placing an order at the counter.", "those placing an order"),
])
def test_some_of_a_group_told_by_another_verb_are_a_part(nlp, text: str, group: str) -> None:
    """... named by what was done to them, what they have or what they did."""
    found = [q for q in _context(nlp, text) if q.mention.quantity.text.lower() == "two"]
    assert [(q.scope.kind, q.scope.group) for q in found] == [("part", group)]


@pytest.mark.parametrize(("text", "measure"), [
    ("Three others, including two women, were wounded on the porch.", "injured"),
    ("Gunfire left four people dead, including two children sleeping upstairs.", "killed"),
])
def test_some_of_a_group_picked_out_by_including_share_its_harm(nlp, text: str, measure: str) -> None:
    """"Including" (a participle the parse reads as a preposition) tells no happening of its own: the two are a
    part of the harm told of the group."""
    found = [q for q in _context(nlp, text) if q.mention.quantity.text.lower() == "two"]
    assert [(q.measure, q.scope.kind) for q in found] == [(measure, "part")]


@pytest.mark.parametrize("text", [
    "Two people were hurt in the first shooting and three in the second.",  # larger: no part of the first
    # a smaller count with a clause of its own tells another event
    "A quake killed more than 28,000 in the city of Karim in 2001, and 500 were killed in the town of Loam in 2004.",
])
def test_counts_that_are_no_parts_of_the_first(nlp, text: str) -> None:
    assert [q.scope.kind for q in _context(nlp, text)] == ["event", "event"]


def test_a_video_playlist_line_tells_no_count(nlp) -> None:
    text = ("Two men were shot on Friday on Dock Street, police said.\n\n"
            "2:07 Ferry captain freed 19 years after the deaths of nine sailors Pause\n\n"
            "2:30 p.m. Police said three people were hurt in a second shooting.")
    assert [t for t, _, _ in _article_counts(nlp, text)] == ["Two", "three"]


def test_another_storys_headline_between_paragraphs_tells_no_count(nlp) -> None:
    text = ("Three people were wounded on Friday when a gunman fired into a bakery on Dock Street, police said.\n\n"
            "Ferry worker shoots neighbour dead in parking dispute in Quellmoor\n\n"
            "Two of the wounded were taken to Mercy Hospital in serious condition.\n\n"
            "Four shot, two fatally, outside Larkspur bowling alley\n\n"
            "Detectives asked anyone with video of the street to call them.")
    assert [(t, m) for t, m, _ in _article_counts(nlp, text)] == [("Three", "injured")]


_PARAGRAPHS = ("A gunman wounded two guards at the Dock Street depot on Friday, the police said.\n\n"
               "{line}\n\n"
               "The depot stayed closed on Saturday while detectives searched the yard for casings.")


@pytest.mark.parametrize("line", [
    "Ferry worker shoots neighbour dead in parking dispute in Quellmoor",
    "Four shot, two fatally, outside Larkspur bowling alley",
    "MORE: Guards at depot describe the night of the shooting",
])
def test_a_headline_between_paragraphs_is_found(line: str) -> None:
    from newsfuse.nlp.sentences import inline_headlines

    text = _PARAGRAPHS.format(line=line)
    assert [text[a:b] for a, b in inline_headlines(text)] == [line]


@pytest.mark.parametrize("line", [
    "The guard who died was named by the depot as Ivo Brandt of Quellmoor",  # a sentence that lost its period
    "Police say the driver was being held on charges of assault",
    "Depot manager Rhea Tolland says",  # a speaker whose words follow
    "Two guards shot at depot.",  # it ends like a sentence
    "Guards shot",  # too short to tell
])
def test_a_sentence_between_paragraphs_is_no_headline(line: str) -> None:
    from newsfuse.nlp.sentences import inline_headlines

    assert inline_headlines(_PARAGRAPHS.format(line=line)) == []


def test_prose_wrapped_at_a_width_has_no_headlines() -> None:
    from newsfuse.nlp.sentences import inline_headlines

    text = ("A gunman wounded two guards at the Dock Street depot on\n"
            "Friday, the police said. The depot stayed closed.\n"
            "Detectives searched the yard for casings and spent all\n"
            "Saturday asking neighbours along the street what they saw\n"
            "before the shots.")
    assert inline_headlines(text) == []


# --------------------------------------------------------------------------- one more victim, the survivors


@pytest.mark.parametrize(("text", "expected"), [
    # one more beside the dead: the one wounded
    ("A boy was pronounced dead at the clinic. Another boy, also 14, was shot in the hand.",
     [("A boy", "killed", 1), ("Another boy", "injured", 1)]),
    ("A man died in the attack on Dock Street. A second person was also injured.",
     [("A man", "killed", 1), ("A second person", "injured", 1)]),
    # one more of several of one harm: the count is not told, and the first is one of them, no toll of one
    ("A man was wounded on Elm Street on Friday. Another man was wounded on Oak Street.", []),
    ("A man was pronounced dead in the hallway. Another man died later at Harlow General.", []),
    ("A man was killed and a woman was wounded on Elm Street. Another man was wounded on Oak Street.",
     [("A man", "killed", 1)]),
    ("Three people were shot on Elm Street on Friday. Another man was wounded on Oak Street.",
     [("Three", "shot", 3)]),
    # harmed "too": one more where the article told of the harm before, else the one victim
    ("A woman was wounded outside the bakery. The gunman also wounded Rosa Lind, 70, police said.",
     [("A woman", "injured", 1)]),
    ("A man was shot dead in the lobby on Friday. His brother, 31, was also killed.",
     [("A man", "killed", 1)]),
    ("The gunman also wounded Rosa Lind, 70, before he fled, police said.",
     [("Rosa Lind", "injured", 1)]),
])
def test_a_victim_told_as_one_more(nlp, text: str, expected: list[tuple[str, str, int]]) -> None:
    assert _article_counts(nlp, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # others joined to the people they are other than, under one harm: all of them
    ("Neighbours said that she and three others were shot on the porch.",
     {"shot": [("she and three others", 4)]}),
    ("The two victims named Sunday and five others were killed in the attack.",
     {"killed": [("The two victims named Sunday and five others", 7)]}),
    # others than the dead, under a harm of their own; people not counted
    ("The attack left one man dead and four others hurt.", {"killed": [("one", 1)], "injured": [("four", 4)]}),
    ("The victims and four others were wounded.", {"injured": [("four", 4)]}),
])
def test_a_count_of_others_counts_those_named_beside_it(nlp, text: str,
                                                         expected: dict[str, list[tuple[str, int]]]) -> None:
    assert _counts(nlp, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("The other victim was brought to the county hospital in serious condition.", {"injured": [("The other victim", 1)]}),
    ("A 19-year-old woman was hospitalized in fair condition.", {"injured": [("A 19-year-old woman", 1)]}),
    ("A woman was shot in the arm and survived.", {"injured": [("A woman", 1)]}),
    ("A 16-year-old girl survived being shot in the shoulder.", {"injured": [("A 16-year-old girl", 1)]}),
    ("Four people were shot inside a house near the park, and two did not survive.",
     {"shot": [("Four", 4)], "killed": [("two", 2)]}),
])
def test_the_wounded_by_their_condition_and_the_survivors(nlp, text: str,
                                                         expected: dict[str, list[tuple[str, int]]]) -> None:
    assert _counts(nlp, text) == expected


def test_a_wounded_he_or_she_where_one_died_is_the_one_who_died(nlp) -> None:
    text = ("Dana Reyes died on Friday, police said.\n\n"
            "She was brought to the hospital in grave condition after the attack on Elm Street.")
    assert _article_counts(nlp, text) == [("Dana Reyes", "killed", 1)]


# --------------------------------------------------------------------------- members of a group, conditions


def test_a_grief_told_with_an_object_the_parse_gave_it_is_no_wound(nlp) -> None:
    # the parse makes "aunt" the object of "hurting": still no one hurt
    assert "injured" not in _counts(nlp, "'She was hurting deep down,' aunt of man who killed wife and son said")


@pytest.mark.parametrize(("text", "expected"), [
    # a member of a group hit is one of them, not the count of the wounded (the people struck by bullets are shot;
    # the cars are not)
    ("Bullets struck two cars and three people on Pine Street, including a 9-year-old girl who was badly hurt.",
     [("three", "shot", 3.0)]),
    ("Lee was driven to the clinic along with Jo Marsh, who had been wounded.", []),
    # hurt "along with" others: all of them
    ("Her teenage nephew was seriously injured along with another man.",
     [("Her teenage nephew was seriously injured along with another man", "injured", 2)]),
    # one who died among those taken to hospital still counts
    ("Four were taken to the clinic, including the victim who died.", [("the victim", "killed", 1)]),
])
def test_a_member_of_a_group_and_those_hurt_along_with_a_victim(nlp, text: str,
                                                                 expected: list[tuple[str, str, int]]) -> None:
    assert _article_counts(nlp, text) == expected


def test_a_victim_of_another_shooting_told_in_a_relative_clause_is_another_events(nlp) -> None:
    text = "The attack came two days after another shooting on the same block, which wounded a 30-year-old woman."
    assert _article_scopes(nlp, text) == [("a 30-year-old woman", "injured", "other")]


def test_a_count_in_a_condition_below_the_articles_toll_is_a_part(nlp) -> None:
    text = ("Six people were shot outside a club on Pine Street on Saturday. One woman was critically wounded. "
            "The others were hit in the legs.")
    assert _article_scopes(nlp, text) == [("Six", "shot", "event"), ("One", "injured", "part")]
    text = ("Three people were hurt on Pine Street. One man was taken to the clinic and remains in critical "
            "condition.")
    assert _article_scopes(nlp, text) == [("Three", "injured", "event"), ("One", "injured", "part")]
    # with no larger toll it is the toll; beside the dead, the shot count the dead too
    assert _article_scopes(nlp, "One woman was critically wounded on Pine Street.") == [("One", "injured", "event")]
    text = "Five people were shot on Pine Street, three fatally. Two others were critically wounded."
    assert ("Two", "injured", "event") in _article_scopes(nlp, text)


@pytest.mark.parametrize(("text", "expected"), [
    # no one died: the wounded are the shot, so a lone wounded victim is one of several shot
    ("Three people were shot outside a bar on Pine Street. The teen was rushed to a clinic in critical "
     "condition.", [("Three", "shot", 3)]),
    # a lone victim beside victims told together is one of them
    ("A man and a woman were wounded on Pine Street. The woman was hurt in the leg.",
     [("A man and a woman", "injured", 2)]),
    # a city's toll, or the shots one man took, tell no more victims of this event
    ("A man was wounded on Pine Street on Friday. Forty people have been shot in Riverton so far this year.",
     [("A man", "injured", 1), ("Forty", "shot", 40)]),
    ("Officers shot the gunman three times. A bystander was wounded in the arm.",
     [("the gunman", "shot", 1), ("A bystander", "injured", 1)]),  # (three times: no count of people)
])
def test_a_lone_wounded_victim_beside_more_of_this_event(nlp, text: str, expected: list[tuple[str, str, int]]) -> None:
    assert _article_counts(nlp, text) == expected


def test_the_emergency_number_in_a_call_transcript_is_no_count(nlp) -> None:
    for text in ["[Caller: I need 911] [Dispatcher: 911, what is wrong?] [Caller: My brother got shot]",
                 "The 911 calls came in at noon."]:
        assert [m.quantity.text for m in find_quantities(nlp(text))] == []
    assert [m.quantity.text for m in find_quantities(nlp("Some 911 homes were flooded."))] == ["Some 911"]


@pytest.mark.parametrize(("text", "expected"), [
    ("A teen died and three others were hurt in a pair of shootings on Friday in Riverton.",
     {"A teen": "wider", "three": "wider"}),
    # a relative clause hung on several shootings counts over them all
    ("Police gave details of two separate East Side shootings in which one woman was killed.", {"one": "wider"}),
    ("Police gave details of the shooting in which one woman was killed.", {"one": "event"}),
])
def test_a_count_over_several_shootings_is_a_wider_total(nlp, text: str, expected: dict[str, str]) -> None:
    assert {text: kind for text, _, kind in _article_scopes(nlp, text)} == expected


@pytest.mark.parametrize(("text", "expected"), [
    # what someone did to themselves befell them
    ("A 16-year-old boy fatally shot himself at a cabin near Elk Lake on Saturday.", [("A 16-year-old boy", "killed", 1)]),
    ("Officers said the 4-year-old found a loaded pistol in a drawer and fatally shot himself.",
     [("the 4-year-old", "killed", 1)]),
    ("A man shot himself in the foot while cleaning a rifle on Sunday.", [("A man", "shot", 1)]),
    ("The man did not shoot himself, investigators said.", []),
    # a death named by a noun: who died
    ("Two men were charged on Friday in the shooting death of Dale Ortiz, 19.", [("Dale Ortiz", "killed", 1)]),
    ("A woman was charged on Monday with the murder of a 30-year-old clerk.",
     [("a 30-year-old clerk", "killed", 1)]),
    ("He faces a charge of attempted murder of a clerk.", []),
])
def test_harm_done_to_oneself_and_a_death_named_by_a_noun(nlp, text: str, expected: list[tuple[str, str, int]]) -> None:
    assert _article_counts(nlp, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a passive participle of harm that modifies a person tells that person's harm
    ("The aunt of a boy who was shot on Pine Street spoke to reporters.", [("a boy", "shot", 1)]),
    ("Detectives want to find the gunman who shot a clerk on Pine Street.", [("a clerk", "shot", 1)]),
    # one word of a name the article gives whole is that person, whatever the tagger made of it alone
    ("Police said the boy, Tomas Reyes, found the gun in a drawer. Reyes was shot in the hand.",
     [("Reyes", "shot", 1)]),
])
def test_a_victim_told_by_a_participle_or_by_one_word_of_a_name(nlp, text: str,
                                                                 expected: list[tuple[str, str, int]]) -> None:
    assert _article_counts(nlp, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a headline's or caption's passive: they were shot
    ("Five people shot near Pine Street park, officials say", [("Five", "shot", 5)]),
    ("When deputies got there they found two men shot.", [("two", "shot", 2)]),
    # they did the shooting
    ("Two men shot at deputies before they fled.", []),
])
def test_people_shot_told_without_an_auxiliary(nlp, text: str, expected: list[tuple[str, str, int]]) -> None:
    assert _article_counts(nlp, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a blow to people by gunfire is a shooting
    ("Gunfire struck two women near the bus stop on Cole Avenue.", [("two", "shot", 2)]),
    ("A boy was asleep upstairs when he was struck by a stray bullet, his aunt said.", [("he", "shot", 1)]),
    ("Someone fired a handgun into the crowd, hitting four people, officers said.", [("four", "shot", 4)]),
    ("Three teens were hit by gunfire outside the rec centre.", [("Three", "shot", 3)]),
    ("The gunman opened fire on the porch and struck three men, who are expected to recover.",
     [("three", "shot", 3)]),
    ("He fired at the car several times, striking and killing two people inside.", [("two", "killed", 2)]),
    # a blow by anything else, or dealt by someone beside a shooting, or to things, is no shooting
    ("Two cyclists were struck by a car on Route 9.", []),
    ("Police shot the man after he struck two officers with a metal pipe.", [("the man", "shot", 1)]),
    ("Bullets struck two parked cars on Elm Street.", []),
])
def test_people_hit_by_gunfire_are_shot(nlp, text: str, expected: list[tuple[str, str, int]]) -> None:
    assert _article_counts(nlp, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # people told with their wounds beside the dead are the wounded, not more dead
    ("The fight left one woman fatally wounded and four others with minor injuries.",
     [("one", "killed", 1), ("four", "injured", 4)]),
    ("Gunfire on Sunday left a 30-year-old man dead and five others with gunshot wounds.", [("five", "injured", 5)]),
    # come upon with their wounds: everyone hit
    ("Arriving deputies found three men with gunshot wounds in the parking lot.", [("three", "shot", 3)]),
])
def test_people_told_with_their_wounds(nlp, text: str, expected: list[tuple[str, str, int]]) -> None:
    assert _article_counts(nlp, text) == expected


def test_a_count_after_a_persons_age_is_no_age() -> None:
    # "old" of "30-year-old man" is no "aged" before a list of ages: the count after the man stays
    from newsfuse.model import load_model
    doc = load_model()("The crash left a 30-year-old man dead and three others hurt.")
    assert [m.quantity.text for m in find_quantities(doc)] == ["three"]
    assert [m.quantity.text for m in find_quantities(load_model()("Four women, aged 19, 22 and 31, were hurt."))] == \
        ["Four"]


@pytest.mark.parametrize(("text", "total"), [
    # people counted group by group under one harm: together a toll too, beside the parts
    ("Four men and two women were hurt in the brawl, a spokeswoman said.", ("Four men and two women", 6)),
    ("Deputies found three children and one woman dead.", ("three children and one woman", 4)),
    # all of one part: their total is that part's, no toll of the event; a list picked out of a toll is no toll
    ("The ambush killed two officers and a deputy.", None),
    ("Nine people were shot, including two children and a man who was walking by.", None),
])
def test_a_list_of_groups_counted_under_one_harm_is_a_toll(nlp, text: str, total: tuple[str, int] | None) -> None:
    tolls = [(q.mention.quantity.text, q.mention.quantity.low) for q in _context(nlp, text)
             if q.scope.kind == "event" and q.mention.quantity.text not in {"Nine"}]
    assert tolls == ([] if total is None else [total])


@pytest.mark.parametrize(("text", "expected"), [
    # a count joined to a noun before it by the parse keeps the harm of its own participle
    ("A man was charged in a robbery that left one clerk dead and three injured on Pine Street.",
     {"injured": [("three", 3)], "killed": [("one", 1)]}),
    # others taken to hospital beside the dead are the wounded
    ("One man is dead and three others are hospitalized after the gunfire on Elm Street.",
     {"killed": [("One", 1)], "injured": [("three", 3)]}),
    # those who remain in hospital were taken there; the rest of them are no toll of their own
    ("Three patients remain hospitalized while the rest went home.", {"hospitalised": [("Three", 3)]}),
    # a blow to people by nothing told is no damage and no strike, nor a shooting
    ("Four people were hit, including the driver.", {}),
])
def test_harm_words_around_the_dead(nlp, text: str, expected: dict[str, list[tuple[str, int]]]) -> None:
    assert _counts(nlp, text, _HARMS | {"hospitalised", "destroyed or damaged", "striking"}) == expected


def test_others_in_hospital_beside_the_dead_are_at_least_so_many_wounded(nlp) -> None:
    """Those taken to hospital are some of the wounded, maybe not all: "three others are hospitalized" agrees with
    another source's "four injured"."""
    [q] = [q for q in _context(nlp, "One man is dead and three others are hospitalized after the gunfire.")
           if q.measure == "injured"]
    assert (q.mention.quantity.low, q.mention.quantity.high, q.mention.quantity.qualifier) == (3, None, "at_least")


def test_the_remaining_victims_are_a_part() -> None:
    from newsfuse.model import load_model
    doc = load_model()("One woman was shot in the arm, while the remaining three victims were shot in the feet.")
    scopes = {q.mention.quantity.text: q.scope.kind for q in contextualize(doc, next(doc.sents),
                                                                       find_quantities(doc), None)}
    assert scopes.get("three") == "part"


def test_a_lists_sum_the_article_writes_as_a_number_is_told_once(nlp) -> None:
    text = ("A gunman wounded three people at the depot on Monday. A woman and two teenagers were wounded there, "
            "officers said.")
    counts = _article_counts(nlp, text)
    assert ("three", "injured", 3.0) in counts
    assert not any(t.startswith("A woman and two teenagers") for t, _, _ in counts)
    # where the article writes no such number, the sum stands
    alone = _article_counts(nlp, "A woman and two teenagers were wounded near the depot, officers said.")
    assert ("A woman and two teenagers", "injured", 3.0) in alone


@pytest.mark.parametrize(("text", "expected"), [
    # the harm word right after a count the parse hung elsewhere ("three" joined to "robbery", "wounded" to
    # "shooting"): what "left" left them
    ("Deputies held a third man over a holdup and gunfight at a gas station that left two dead and four injured "
     "on Friday.", {"injured": [("four", 4)]}),
    ("A woman killed in a shooting that left four others wounded late Friday night was named by the coroner.",
     {"injured": [("four", 4)]}),
    ("A gunfight outside a bar that left six people, including both gunmen, wounded.", {"injured": [("six", 6)]}),
    # taken to a hospital by its name
    ("Two other victims were taken to Mercy General Hospital with minor injuries.", {"hospitalised": [("Two", 2)]}),
    ("Medics took three people to Riverside Medical Center.", {"hospitalised": [("three", 3)]}),
    ("Three men were taken to area hospitals.", {"hospitalised": [("Three", 3)]}),
])
def test_harm_told_right_after_the_count_and_hospitals_by_name(nlp, text: str,
                                                               expected: dict[str, list[tuple[str, int]]]) -> None:
    assert _counts(nlp, text, frozenset(expected)) == expected


def test_the_rest_of_a_set_told_before_is_a_part() -> None:
    # "the other three", "the surviving two": the rest of the four, a part, not a toll of its own
    from newsfuse.model import load_model
    doc = load_model()("One of the five died on the sidewalk; the other four were flown to the trauma center.")
    scopes = {q.mention.quantity.text: (q.measure, q.scope.kind, q.scope.group)
              for q in contextualize(doc, next(doc.sents), find_quantities(doc), None)}
    assert scopes["four"] == ("hospitalised", "part", "the rest")


def test_counts_that_share_one_noun_are_parts_of_their_sum() -> None:
    from newsfuse.model import load_model
    doc = load_model()("A man fired through the fence and struck two male and five female guests, police said.")
    told = {q.mention.quantity.text: (q.measure, q.scope.kind, q.mention.quantity.low)
            for q in contextualize(doc, next(doc.sents), find_quantities(doc), None)}
    assert told["two"][:2] == ("shot", "part") and told["five"][:2] == ("shot", "part")
    assert told["two male and five female guests"] == ("shot", "event", 7.0)


def test_a_condition_told_before_a_number_is_not_its_own(nlp) -> None:
    """However the parser hangs "critically injured" (here on "others", as a long page's parse did), the
    condition told before a number belongs to the count before it: "nine others" are no part in that condition."""
    from spacy.tokens import Doc

    from newsfuse.extract.scope import condition_part

    words = ["left", "one", "critically", "hurt", "and", "nine", "others", "injured"]
    heads = [0, 3, 3, 6, 3, 6, 0, 6]
    deps = ["ROOT", "nsubj", "advmod", "amod", "cc", "nummod", "dobj", "acl"]
    pos = ["VERB", "NUM", "ADV", "VERB", "CCONJ", "NUM", "NOUN", "VERB"]
    doc = Doc(nlp.vocab, words=words, heads=heads, deps=deps, pos=pos)
    assert condition_part(doc[5], doc[6]) is None
    # told after the number, the condition is the count's own
    words = ["left", "one", "dead", "and", "nine", "others", "critically", "injured"]
    heads = [0, 0, 1, 1, 5, 1, 7, 5]
    deps = ["ROOT", "dobj", "amod", "cc", "nummod", "conj", "advmod", "acl"]
    pos = ["VERB", "NUM", "ADJ", "CCONJ", "NUM", "NOUN", "ADV", "VERB"]
    doc = Doc(nlp.vocab, words=words, heads=heads, deps=deps, pos=pos)
    assert condition_part(doc[4], doc[5]) == ("critically injured", "critically")


def test_the_harms_of_one_list_count_over_one_span(nlp) -> None:
    """A wider total's cue that reached one count of a list ("two shootings that left …") holds for the others,
    however the parse hung them; counts told in statements of their own keep their own scope."""
    text = "Detectives think the two weekend shootings that left one clerk dead and three customers wounded were unrelated."
    scopes = {q.mention.quantity.text: q.scope.kind for q in _context(nlp, text) if q.measure in {"killed", "injured"}}
    assert scopes == {"one": "wider", "three": "wider"}
    headline = "3 men killed and 4 teens arrested in Dunmore in 5 days"
    assert [q.scope.kind for q in _context(nlp, headline) if q.measure == "killed"] == ["wider"]
    text = "Two shootings on the east side killed one man, and police said four people were wounded at the park."
    kinds = [q.scope.kind for q in _context(nlp, text) if q.measure in {"killed", "injured"}]
    assert kinds == ["wider", "event"]


def test_a_first_figure_and_the_revision_told_after_it(nlp) -> None:
    """"In initial reports ..." makes a figure the first one, since revised; a clause joined to it that tells the
    revision ("but two more have since died") is told after it, not as it."""
    text = ("In early reports, deputies said three people had been killed and six wounded, "
            "but one more person has since died at the hospital.")
    told = [(q.mention.quantity.low, q.scope.earlier) for q in _context(nlp, text) if q.measure == "killed"]
    assert told == [(3, True), (1, False)]
    text = "Police initially said six were shot and two died."
    assert all(q.scope.earlier for q in _context(nlp, text) if q.measure in {"shot", "killed"})


def test_the_violence_of_a_city_is_a_wider_total(nlp) -> None:
    text = "Activists protested gun violence in Baltimore, which left four people dead and dozens hurt."
    assert [q.scope.kind for q in _context(nlp, text) if q.measure == "killed"] == ["wider"]
    # one event's violence is no city's
    assert [q.scope.kind for q in _context(nlp, "The violence at the party left three people dead.")
            if q.measure == "killed"] == ["event"]


def test_a_later_clauses_subject_the_parse_joins_to_a_verb_shares_no_harm(nlp) -> None:
    # the parse joins "three waiters" to "died" as if they too died; they are the subject of "underwent"
    text = 'The cook died and three waiters, thought to be "longtime staff," underwent surgery at Mercy Hospital.'
    assert "killed" not in {m for m, found in _counts(nlp, text).items() if ("three", 3.0) in found}
    # where the parse hangs the first clause on the later verb, that verb tells what befell them
    wounded = 'A security guard died and two men, described as "senior partners," underwent surgery for gunshot wounds.'
    assert ("two", 2.0) in _counts(nlp, wounded)["injured"]
    # a noun joined to a noun keeps the verb: two men were killed with the woman
    assert ("two", 2.0) in _counts(nlp, "The gunman killed a woman and two men before fleeing.")["killed"]


@pytest.mark.parametrize("text", [
    "Troopers discovered one woman and three teenagers dead in the cabin.",
    "Troopers found three teenagers and one woman dead in the cabin.",
])
def test_a_harm_after_a_list_of_people_befalls_them_all(nlp, text: str) -> None:
    # whichever of the people the parse hangs "dead" on, all of them are dead: four in all
    counts = _counts(nlp, text)
    assert set(counts) == {"killed"}
    assert ("one", 1.0) in counts["killed"] and ("three", 3.0) in counts["killed"]


def _killed_scopes(nlp, text: str) -> dict[str, str | None]:
    parsed = parse_doc(nlp(text), Article(id="a", source="test", url=None, title=None, published="2016-05-02",
                                          text=text))
    return {q.mention.quantity.text: (q.scope.group if q.scope.kind == "part" else q.scope.kind)
            for s in parsed.sentences for q in s.quantities if q.measure == "killed"}


@pytest.mark.parametrize(("text", "part"), [
    ("Four people were killed in the shooting. Deputies found two men shot dead inside the house.", "at the scene"),
    ("Three people are dead after the shooting. Two people died at the scene.", "at the scene"),
    ("Four people were killed in the shooting. Two of the wounded died later in hospital, the coroner said.",
     "of the wounded"),
    ("Three people were killed in the fire. Two people were found dead inside the garage on Birch Lane.",
     "at the scene"),
    ("Deputies said four people were killed. There they found two men dead and a teenager with burns.",
     "at the scene"),
    ("Four people were killed in the crash. Two victims killed on the bridge have been identified by the coroner.",
     "identified"),
])
def test_those_found_dead_at_the_scene_or_identified_beside_a_larger_toll_are_a_part(nlp, text: str, part: str) -> None:
    scopes = _killed_scopes(nlp, text)
    assert [v for k, v in scopes.items() if k.lower() in {"four", "three"}] == ["event"]
    assert [v for k, v in scopes.items() if k.lower() == "two"] == [part]


def test_those_found_dead_are_the_toll_where_the_article_tells_no_larger_one(nlp) -> None:
    scopes = _killed_scopes(nlp, "Deputies found two men shot dead inside the house on Elm Road.")
    assert scopes == {"two": "event"}
    assert _killed_scopes(nlp, "Five people were shot on Elm Road. Two of the wounded died on Monday.") == {
        "Two": "event"}
    assert _killed_scopes(nlp, "Two men killed in a shooting on Elm Road have been identified.") == {"Two": "event"}


def test_the_wounded_found_where_more_died_than_were_found_dead_are_an_earlier_count(nlp) -> None:
    # some of those found wounded died later: the article's own toll of the wounded revises their count
    text = ("Troopers found two men shot dead and three wounded at the cabin on Fern Road. Four men were killed "
            "and one was wounded, the sheriff said on Monday.")
    parsed = parse_doc(nlp(text), Article(id="a", source="test", url=None, title=None, published="2016-05-02",
                                          text=text))
    wounded = {q.mention.quantity.text: q.scope for s in parsed.sentences for q in s.quantities
               if q.measure == "injured"}
    assert wounded["three"].earlier and wounded["three"].kind == "event"
    assert not wounded["one"].earlier
    # found wounded where no more died than were found dead: the toll of the wounded, as it was
    text = "Troopers found two men shot dead and three wounded at the cabin on Fern Road."
    parsed = parse_doc(nlp(text), Article(id="b", source="test", url=None, title=None, published="2016-05-02",
                                          text=text))
    assert [q.scope.earlier for s in parsed.sentences for q in s.quantities if q.measure == "injured"] == [False]


@pytest.mark.parametrize(("text", "injured"), [
    ("One man was killed and another was wounded in the shooting on Juniper Road.", ("another", 1.0)),
    ("Two clerks were killed, and another injured in the gunfire at the ferry ramp.", ("another", 1.0)),
    ("One clerk died and another is in serious condition at Mercy General, the sheriff said.",
     ("another", 1.0)),
])
def test_another_told_after_people_is_one_more_victim(nlp, text: str, injured: tuple[str, float]) -> None:
    assert _counts(nlp, text).get("injured") == [injured]


def test_a_condition_of_one_more_victim_is_not_the_dead_ones_and_another_of_a_set_is_no_one_more(nlp) -> None:
    # "another in critical condition": the dead are no part "in critical condition"
    scopes = _killed_scopes(nlp, "Four workers are dead and another in grave condition after the crash on the ferry ramp.")
    assert scopes == {"Four": "event"}
    # "one of the victims ... and another": both are the victims, no one more
    counts = _counts(nlp, "One of the cousins was hit in the kitchen and another was hit on the porch.")
    assert "another" not in {text for found in counts.values() for text, _ in found}


def test_a_figure_a_correcting_verb_tells_is_told_as_the_correction(nlp) -> None:
    [q] = [q for q in _context(nlp, "The county gave varying counts at first, but it clarified on Monday that 20 "
                                    "were hurt.") if q.measure == "injured"]
    assert q.scope.revision and not q.scope.earlier
    [q] = [q for q in _context(nlp, "The county said on Monday that 20 were hurt.") if q.measure == "injured"]
    assert not q.scope.revision
    # what a correcting verb set a toll to
    [q] = [q for q in _context(nlp, "Officials revised the death toll to 12.") if q.measure == "killed"]
    assert q.scope.revision
