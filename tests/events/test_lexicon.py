"""The pattern lexicon loads, indexes and merges a user's file over the built-in one."""

from __future__ import annotations

import pytest

from parley.errors import ParleyError
from parley.events.lexicon import Lexicon, builtin_patterns, load_lexicon, read_file, recode


def test_pattern_ids_are_unique():
    ids = [p.id for p in builtin_patterns()]
    assert len(ids) == len(set(ids))


def test_lookup_puts_specific_patterns_first():
    found = load_lexicon().lookup("verb", "rule")
    assert found[0].objects and found[0].code == "125"
    assert found[-1].code == "120"


def test_user_file_overrides_adds_and_deletes(tmp_path):
    path = tmp_path / "verbs.tsv"
    path.write_text("kind\tlemma\tparticle\tobject\tcode\tflags\n"
                    "verb\tmeet\t\t\t044\ttarget=with\n"
                    "verb\tparley\t\t\t046\t\n"
                    "verb\tbomb\t\t\t-\t\n", encoding="utf-8")
    lexicon = Lexicon(builtin_patterns() + read_file(path))
    assert [p.code for p in lexicon.lookup("verb", "meet") if not p.particle and not p.objects] == ["044"]
    assert lexicon.lookup("verb", "parley")[0].code == "046"
    assert not lexicon.lookup("verb", "bomb")


def test_bad_user_file_names_the_line(tmp_path):
    path = tmp_path / "verbs.tsv"
    path.write_text("verb\tmeet\t\t\t999\t\n", encoding="utf-8")
    with pytest.raises(ParleyError, match=r"E201.*line 1.*999"):
        read_file(path)
    with pytest.raises(ParleyError, match="E202"):
        read_file(tmp_path / "missing.tsv")


def test_frames_recode_the_inner_event():
    assert recode("refuse", "040") == ("125", "refused")
    assert recode("threaten", "163") == ("1312", "threat")
    assert recode("appeal", "046") == ("026", "demand")
    assert recode("demand", "0841") == ("1053", "demand")
    assert recode("intent", "042") == ("036", "intent")
    assert recode("intent", "190") == ("138", "threat")  # a declared intent to use force is a threat (CAMEO 138)
    assert recode("intent", "110") == ("110", "intent")  # other kinds keep their code
