"""The words the candidate's page scripts show, in the candidate's language (Django's translation
catalogue; the scripts read them from the page, `HP.t(key)`). `{name}` marks a value the script
fills in."""

from __future__ import annotations

from django.utils.translation import get_language_info, gettext_noop
from django.utils.translation import gettext as _

from hireplay.core.insights.selfid import FORMS


def language_names(codes: tuple[str, ...]) -> list[tuple[str, str]]:
    """(code, the language's own name for itself) for each code: "Français", "Nederlands"."""
    names = []
    for code in codes:
        try:
            names.append((code, str(get_language_info(code)["name_local"])))
        except KeyError:
            names.append((code, code))
    return names


def page_text() -> dict[str, str]:
    """Every text of the candidate's page scripts, translated into the active language."""
    return {
        "saved": _("All answers saved."),
        "saving": _("Saving…"),
        "offline": _("You are offline. Your answers are kept on this device and will be sent when the connection returns."),
        "unsaved_error": _("Your answers could not be saved just now ({reason}). They are kept on this device and will be sent again."),
        "other_window_stale": _("This answer was changed in another window after this one; the other window's answer is kept and shown here."),
        "other_window": _("This answer was changed in another window; the latest answer is shown here."),
        "not_saved": _("Not saved: {reason}. Change the answer to save it."),
        "refused": _("the server refused this answer"),
        "too_long": _("this answer is too long to save: at most 64 kB (about 8,000 words)"),
        "not_yet": _("Not saved yet: {reason}"),
        "one_refused": _("One answer was not saved: see the message beside the question. Everything else is saved."),
        "some_refused": _("{n} answers were not saved: see the message beside each question. Everything else is saved."),
        "device_full": _("This answer is too large to keep on this device; it is being sent now."),
        "time_up_sending": _("The time is up. Sending your last answers…"),
        "sending": _("Sending your last answers…"),
        "not_up": _("The time is not up yet by the server's clock; carry on."),
        "submit_offline": _("Your answers could not be submitted yet (no connection). They are kept on this device; this page tries again every few seconds."),
        "one_unanswered": _("One question has no answer:"),
        "some_unanswered": _("{n} questions have no answer:"),
        "all_answered": _("Every question has an answer."),
        "section": _("section {n}"),
        "five_minutes": _("Five minutes left."),
        "one_minute": _("One minute left."),
        "cannot_show": _("This question cannot be shown; tell your recruiter."),
        "fill_in_order": _("Fill the places in order: place {n} is empty."),
        "order_saved": _("Your order is saved as shown."),
        "order_not_answered": _("Not answered yet: move the options into your order, or keep this order."),
        "move_up": _("Move up: {entry}"),
        "move_down": _("Move down: {entry}"),
        "up": _("Up"),
        "down": _("Down"),
        "drag_hint": _("Drag an entry, or use its Up and Down buttons."),
        "entry": _("Entry"),
        "sort_entries": _("Put each entry in one list"),
        "list": _("List"),
        "add_to": _("Add to {list}"),
        "remove": _("Remove"),
        "one_word": _("1 word"),
        "words": _("{n} words"),
        "words_over": _("{n} over the {max} asked for"),
        "words_short": _("{n} short of the {min} asked for"),
        "done_waiting": _("Some answers made on this device have not reached us yet. Keep this page open; it tries again when the connection returns."),
        "done_one_late": _("One answer that was waiting on this device was sent after the end. It is kept, marked late, for the hiring team to review."),
        "done_some_late": _("{n} answers that were waiting on this device were sent after the end. They are kept, marked late, for the hiring team to review."),
        "done_refused": _("{n} answer(s) could not be saved during the assessment: {reasons}."),
    }  # fmt: skip


# The self-identification forms' words, marked here so that the catalogues hold them (the form's
# template translates them by value); tests/web/test_self_identification.py checks the list is whole.
SELF_ID_WORDS = (
    gettext_noop("Sex"),
    gettext_noop("Female"),
    gettext_noop("Male"),
    gettext_noop("Race or ethnicity"),
    gettext_noop("Hispanic or Latino"),
    gettext_noop("White"),
    gettext_noop("Black or African American"),
    gettext_noop("Native Hawaiian or Other Pacific Islander"),
    gettext_noop("Asian"),
    gettext_noop("American Indian or Alaska Native"),
    gettext_noop("Two or more races"),
    gettext_noop("Gender"),
    gettext_noop("Woman"),
    gettext_noop("Man"),
    gettext_noop("Another gender"),
    gettext_noop("Age band"),
    gettext_noop("Under 25"),
    gettext_noop("25 to 34"),
    gettext_noop("35 to 44"),
    gettext_noop("45 to 54"),
    gettext_noop("55 or over"),
)


def self_id_words() -> set[str]:
    """Every label the self-identification forms show."""
    return {text for form in FORMS.values() for q in form for text in (q.label, *(t for _, t in q.options))}
