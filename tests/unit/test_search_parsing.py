"""How text becomes tokens and a query becomes terms."""

from articles.search import tokens
from articles.search.query import MAX_TERMS, parse


def test_chinese_runs_become_overlapping_bigrams_and_their_last_character():
    assert tokens.tokenize("京蒙协作") == ["京蒙", "蒙协", "协作", "作"]


def test_punctuation_and_latin_words_end_a_run():
    assert tokens.tokenize("深化京蒙，5G网络！") == [
        "深化",
        "化京",
        "京蒙",
        "蒙",
        "5",
        "5g",
        "g",
        "g网",
        "网络",
        "络",
    ]


def test_full_width_letters_and_digits_read_as_ascii():
    assert tokens.tokenize("２０２３年　ＡＩ") == ["2023", "3年", "年", "ai"]
    assert tokens.fold("Ａ５") == "a5"


def test_folding_keeps_one_character_for_one():
    text = "İstanbul京蒙"
    assert len(tokens.fold(text)) == len(text)


def test_a_query_ends_with_its_last_bigram():
    assert parse("东西部协作")[0].tokens == ("东西", "西部", "部协", "协作")
    assert not parse("东西部协作")[0].prefix


def test_a_single_character_or_a_trailing_latin_word_is_a_prefix():
    (single,) = parse("京")
    assert single.tokens == ("京",) and single.prefix
    (mixed,) = parse("2023年")
    assert mixed.tokens == ("2023", "3年", "年") and mixed.prefix
    (latin,) = parse("5G")
    assert latin.tokens == ("5", "5g", "g") and latin.prefix


def test_spaces_separate_terms_and_quotes_keep_a_phrase():
    assert [t.text for t in parse("京蒙 协作\u3000尹力")] == ["京蒙", "协作", "尹力"]
    for quoted in ('"乡村 振兴"', "“乡村 振兴”", "「乡村 振兴」"):
        (phrase,) = parse(f"{quoted} 协作")[:1]
        assert phrase.text == "乡村 振兴"
        assert phrase.tokens == ("乡村", "村", "振兴")


def test_touching_runs_are_one_piece_to_highlight():
    (mixed,) = parse("5G产业")
    assert mixed.needles == ["5g产业"]
    (quoted,) = parse('"乡村，振兴"')
    assert quoted.needles == ["乡村", "振兴"]


def test_an_unclosed_quote_is_an_ordinary_word():
    assert [t.text for t in parse('"乡村振兴')] == ['"乡村振兴']
    assert parse('"乡村振兴')[0].tokens == ("乡村", "村振", "振兴")


def test_punctuation_alone_is_no_term():
    assert parse("。，！？ ——") == []
    assert parse("") == []


def test_repeated_words_count_once_and_terms_are_bounded():
    assert len(parse("京蒙 京蒙 京蒙")) == 1
    many = " ".join(f"词{chr(0x4E00 + i)}" for i in range(30))
    assert len(parse(many)) == MAX_TERMS
