"""A comment action in the journal names whose comment it was and how it began, not the platform's
id (a Twitch UUID or a YouTube "LCC.…" means nothing to an operator); the words travel in the
journal's encoding and an entry written before them still reads (by its id)."""

from __future__ import annotations

from anchor_console.room.commands import Command, DeleteComment, HideComment, said_of


def test_a_deleted_comment_is_named_by_who_said_what():
    said = said_of("咸鱼在线", "同款更便宜 qq2810583703 加我\n领券 速来")
    assert said == "咸鱼在线: “同款更便宜 qq2810583703 加我 领券…”"
    command = DeleteComment("5d100000-0000-0000-0000-000000000741", said)
    assert command.describe().english() == f"Delete {said}"
    again = Command.decode("delete_comment", command.params())
    assert again == command and again.describe().english() == f"Delete {said}"
    assert HideComment("LCC.sc288", said_of("阿花", "hi")).describe().english() == "Hide 阿花: “hi”"
    old = Command.decode("delete_comment", {"comment_id": "LCC.sc161"})   # a journal entry from before
    assert old.describe().english() == "Delete comment #LCC.sc161"
