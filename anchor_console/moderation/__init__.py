"""Live comment moderation, with no Qt: what the console does with each incoming comment.

    (domain.normalize folds evasions away: 加 V, 薇❤信, ｖｘ, w-e-i-x-i-n, 一三八…: `fold`, `normalize`)
    wordlists     grouped word lists with an action per group (and whether it escalates); .txt/.csv
                  import and export: `WordLists.defaults()`, `Action` (show < highlight < hide here
                  < hold < delete < mute < ban)
    entries       what an entry may be: length bound, RE2 patterns (linear time, refusals with a
                  reason), warnings for entries that match nothing or much of the room
    detectors     引流 contact details, floods and repeats (hidden here, never more), spam waves,
                  long/emoji/caps/zalgo/bidi
    pipeline      `ModerationPipeline(lists, clock).classify_many(comments) -> [Verdict]`: the action,
                  the rule and why, every rule that matched (test mode shows them without acting),
                  question / purchase-intent flags; staff and allow-listed viewers exempt
    enforcement   `Enforcer(target, modlog, clock, is_buyer=...).apply(comment, verdict)` and
                  `.perform(...)` for moderators' clicks: escalation ladder (引流 and abuse only, one
                  step a minute at most, never muting or banning a buyer), local fallback where a
                  platform cannot act
    modlog        `ModLog`: every action with actor, reason and result
    review        `ReviewQueue`: held comments, oldest first, approve or reject
    questions     `QuestionBoard`: buyer questions and intent grouped by similarity, with counts
    comment_store `CommentStore`: the whole session in SQLite, searchable (FTS5 trigram)

The ui feeds batches of comments from the live room through `classify_many`, shows them in the
bounded feed, holds/enforces per verdict and fills the question board."""
