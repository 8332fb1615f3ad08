"""Citation lines in their common forms
(docs/bulletin-format.md#citation-lines), parsed alone and as the closing
line of an article read from a UTF-8 and a GB18030 file."""

import datetime

import pytest

from issues.importing.recogniser import recognise_file
from issues.importing.recogniser.citations import parse_citation
from issues.importing.recogniser.normalise import normalise
from issues.importing.recogniser.result import SourceRef

D = datetime.date
CITATIONS = [
    ("选自《北京日报》（2023年7月23日第1版）", "北京日报", D(2023, 7, 23), "第1版", ""),
    ("选自《北京日报》2023年7月23日第1版", "北京日报", D(2023, 7, 23), "第1版", ""),
    (
        "（选自《人民日报》2023年7月23日第一版）",
        "人民日报",
        D(2023, 7, 23),
        "第1版",
        "",
    ),
    (
        "（来源：《人民日报》2023年07月23日 第01版）",
        "人民日报",
        D(2023, 7, 23),
        "第1版",
        "",
    ),
    (
        "《 人民日报 》（ 2023年07月23日 01 版）",
        "人民日报",
        D(2023, 7, 23),
        "第1版",
        "",
    ),
    ("来源：《求是》2023/14", "求是", None, "2023年第14期", ""),
    ("选自《求是》2023年第14期", "求是", None, "2023年第14期", ""),
    ("摘自《学习时报》2023年7月21日第A1版", "学习时报", D(2023, 7, 21), "第A1版", ""),
    ("摘自《中国纪检监察报》2023.7.21", "中国纪检监察报", D(2023, 7, 21), "", ""),
    ("文章来源：《经济日报》2023-07-22", "经济日报", D(2023, 7, 22), "", ""),
    ("来源：人民网－人民日报", "人民网－人民日报", None, "", ""),
    ("来源：新华社", "新华社", None, "", ""),
    ("转自：学习强国", "学习强国", None, "", ""),
    ("原载《光明日报》2023年7月1日第11版", "光明日报", D(2023, 7, 1), "第11版", ""),
    (
        "原载于《解放军报》（2023年8月2日 第3版）",
        "解放军报",
        D(2023, 8, 2),
        "第3版",
        "",
    ),
    ("转载自《中国教育报》2023年9月1日", "中国教育报", D(2023, 9, 1), "", ""),
    ("《人民日报》2023-07-23", "人民日报", D(2023, 7, 23), "", ""),
    ("(来源:《人民日报》2023年7月23日第5版)", "人民日报", D(2023, 7, 23), "第5版", ""),
    ("节选自《求是》2024年第3期", "求是", None, "2024年第3期", ""),
    ("刊于《前线》2023年第8期", "前线", None, "2023年第8期", ""),
    ("摘自《北京日报》2023年7月23日第a3版", "北京日报", D(2023, 7, 23), "第A3版", ""),
    (
        "来源：人民网 https://politics.people.com.cn/n1/2023/0723/c1.html",
        "人民网",
        None,
        "",
        "https://politics.people.com.cn/n1/2023/0723/c1.html",
    ),
]
NOT_CITATIONS = [
    "来源于群众，服务于群众。",
    "资料来源：国家统计局",
    "《人民日报》发表评论员文章指出，要坚持稳中求进。",
    "据《人民日报》报道，会议在北京召开。",
    "22日下午，座谈会召开。",
]


@pytest.mark.parametrize(("line", "name", "day", "page", "url"), CITATIONS)
def test_citation_line_names_source_date_and_page(line, name, day, page, url):
    citation = parse_citation(line)
    assert citation is not None
    assert (citation.name, citation.date, citation.page, citation.url) == (
        name,
        day,
        page,
        url,
    )
    assert citation.text == line


@pytest.mark.parametrize("line", NOT_CITATIONS)
def test_sentences_that_mention_sources_are_not_citations(line):
    assert parse_citation(line) is None


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
@pytest.mark.parametrize(("line", "name", "day", "page", "url"), CITATIONS)
def test_citation_closes_an_article_read_from_a_file(
    encoding, line, name, day, page, url
):
    text = f"京蒙协作再上新台阶\n\n本报讯（记者 王某）两地签署协议。\n\n{line}\n"
    article = recognise_file(text.encode(encoding), "article.txt").articles[0]
    assert article.source == SourceRef(name, day, page, url)
    # As printed, less the spaces extraction puts between 日 and 01.
    assert article.citation == normalise(line)
    assert article.paragraphs == ["两地签署协议。"]
