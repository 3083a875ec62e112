"""The one reader (and writer) of word-list files, shared by the moderators' lists and the
compliance check of what staff say."""

import pytest

from anchor_console.domain.word_list_file import WordListError, WordRow, parse_word_text, read_word_file, word_file_text


def test_csv_rows_skip_the_header_comments_and_blank_words_and_keep_their_lines(tmp_path):
    path = tmp_path / "law.csv"
    path.write_text("word,group,note\n# 极限词\n\n最好,极限词,禁止绝对化用语\n,空的,\n\"全网, 最低\",价格\n", encoding="utf-8")
    assert read_word_file(path) == [WordRow("最好", "极限词", "禁止绝对化用语", 4), WordRow("全网, 最低", "价格", "", 6)]


def test_txt_group_headers_name_the_group_of_the_entries_after_them():
    text = "加微信\n[引流]\n  vx  \n# 注释\n[ 辱骂 ]\n傻\n"
    assert parse_word_text(text, "mine.txt", csv_format=False) == [
        WordRow("加微信", "", "", 1), WordRow("vx", "引流", "", 3), WordRow("傻", "辱骂", "", 6)]


@pytest.mark.parametrize("csv_format", [True, False])
def test_what_is_written_reads_back_the_same(csv_format):
    rows = [WordRow("最好", "极限词", "禁止绝对化用语" if csv_format else ""), WordRow("第一", "极限词"),
            WordRow("加V", "引流"), WordRow("a,b \"c\"", "引流")]
    text = word_file_text(rows, csv_format=csv_format)
    back = parse_word_text(text, "out", csv_format=csv_format)
    assert [(r.word, r.group, r.note) for r in back] == [(r.word, r.group, r.note) for r in rows]


def test_an_empty_list_writes_an_empty_txt_and_a_csv_header_only():
    assert word_file_text([], csv_format=False) == ""
    assert parse_word_text(word_file_text([], csv_format=True), "out.csv", csv_format=True) == []


def test_legacy_encodings_are_read_and_garbage_is_refused(tmp_path):
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes("[引流]\n加微信\n私聊\n".encode("gbk"))
    assert [r.word for r in read_word_file(gbk)] == ["加微信", "私聊"]
    garbage = tmp_path / "garbage.csv"
    garbage.write_bytes(bytes(range(128, 256)) * 20)
    with pytest.raises(WordListError) as err:
        read_word_file(garbage)
    assert "Cannot tell the encoding of" in err.value.message.english() and "garbage.csv" in str(err.value)


def test_a_file_that_cannot_be_opened_is_a_readable_error(tmp_path):
    with pytest.raises(WordListError) as err:
        read_word_file(tmp_path / "nope.csv")
    assert "Cannot read the word list" in err.value.message.english() and "nope.csv" in str(err.value)
