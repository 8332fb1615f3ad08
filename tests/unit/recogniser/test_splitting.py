"""Several articles in one text; headlines in two or three parts."""

from issues.importing.recogniser import recognise

TWO_ARTICLES = """京蒙协作再上新台阶

本报讯（记者 王某）两地签署全面深化京蒙协作框架协议。

协议明确了六个方面的合作。

选自《北京日报》（2023年7月23日第1版）

（责编：赵某）

以高质量发展检验主题教育成果

新华社北京7月22日电  主题教育开展以来，各地推动高质量发展。

来源：新华社
"""


def test_text_with_two_articles_is_split_at_the_title_after_each_citation():
    found = recognise(TWO_ARTICLES)
    assert [article.title for article in found.articles] == [
        "京蒙协作再上新台阶",
        "以高质量发展检验主题教育成果",
    ]
    first, second = found.articles
    assert first.paragraphs == [
        "两地签署全面深化京蒙协作框架协议。",
        "协议明确了六个方面的合作。",
    ]
    assert second.byline == "新华社北京7月22日电"
    assert second.source.name == "新华社"
    assert "（责编：赵某）" in found.dropped


def test_title_followed_by_a_byline_starts_an_article_without_a_citation():
    found = recognise(
        "第一篇标题\n\n本报记者 王某\n\n第一篇正文。\n\n第二篇标题\n\n本报记者 李某\n\n第二篇正文。"
    )
    assert [(a.title, a.byline) for a in found.articles] == [
        ("第一篇标题", "本报记者 王某"),
        ("第二篇标题", "本报记者 李某"),
    ]
    assert all(note.field == "source" for note in found.notes)


def test_three_line_headline_is_kicker_main_title_and_subtitle():
    found = recognise(
        "北京市党政代表团赴内蒙古自治区对接东西部协作工作\n\n"
        "共同谱写携手奋进中国式现代化的京蒙篇章\n\n"
        "尹力殷勇与孙绍骋王莉霞座谈 车俊参加\n\n"
        "本报讯（记者 祁梦竹）正文。"
    )
    article = found.articles[0]
    assert article.title == (
        "北京市党政代表团赴内蒙古自治区对接东西部协作工作 "
        "共同谱写携手奋进中国式现代化的京蒙篇章"
    )
    assert article.subtitle == "尹力殷勇与孙绍骋王莉霞座谈 车俊参加"


def test_headline_broken_over_two_lines_of_one_block_is_one_title():
    found = recognise("坚持以学铸魂\n深入推进主题教育\n\n本报讯（记者 王某）正文。")
    assert found.articles[0].title == "坚持以学铸魂 深入推进主题教育"
    assert found.articles[0].subtitle == ""
    assert any("引题与主题" in note.message for note in found.notes)


def test_subtitle_with_a_dash():
    found = recognise("春风化雨润心田\n\n——记北京市优秀教师王某\n\n正文。")
    assert (found.articles[0].title, found.articles[0].subtitle) == (
        "春风化雨润心田",
        "——记北京市优秀教师王某",
    )


def test_source_line_under_the_title_belongs_to_the_article():
    found = recognise("来源：人民日报\n\n京蒙协作再上新台阶\n\n两地签署协议。")
    assert found.articles[0].title == "京蒙协作再上新台阶"
    assert found.articles[0].source.name == "人民日报"


def test_body_without_a_title_is_an_untitled_article_with_a_note():
    found = recognise("两地签署协议。\n\n协议明确了合作方向。")
    assert found.articles[0].title == ""
    assert {note.field for note in found.notes} >= {"title", "source"}
