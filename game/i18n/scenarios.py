"""A scenario's words in the player's language: title, goal, lesson card and tutorial steps.

The English stays in configs/scenarios/*.yaml (the source text, and what saves carry); the
catalogs hold `scenario.<name>.title`, `.goal`, `.teaches`, `.watch.<i>`, `.questions.<i>`,
`.try.<i>`, `.step.<i>` and `.hint.<i>`. A face shows `shown(scenario)`, a copy with the words
swapped; the engine and the saves keep the English scenario.
"""

from __future__ import annotations

from game.i18n import DEFAULT, language, load_catalog


def shown(scenario, lang: str | None = None):
    """`scenario` with its words in `lang` (the player's language by default); English text
    where the catalog has no translation."""
    lang = lang or language()
    if lang == DEFAULT or scenario is None:
        return scenario
    catalog, head = load_catalog(lang), f"scenario.{scenario.name}."

    def word(key: str, english: str) -> str:
        return catalog.get(head + key, english)

    update: dict[str, object] = {"title": word("title", scenario.title),
                                 "goal": word("goal", scenario.goal)}
    lesson = scenario.lesson
    if lesson is not None:
        update["lesson"] = lesson.model_copy(update={
            "teaches": word("teaches", lesson.teaches),
            "watch": [word(f"watch.{i}", w) for i, w in enumerate(lesson.watch)],
            "questions": [word(f"questions.{i}", q) for i, q in enumerate(lesson.questions)],
            "things_to_try": [item.model_copy(update={"label": word(f"try.{i}", item.label)})
                              for i, item in enumerate(lesson.things_to_try)],
        })
    steps = []
    for i, step in enumerate(scenario.tutorial_steps):
        if isinstance(step, str):
            steps.append(word(f"step.{i}", step))
        else:
            steps.append(step.model_copy(update={"text": word(f"step.{i}", step.text),
                                                 "hint": word(f"hint.{i}", step.hint)}))
    update["tutorial_steps"] = steps
    return scenario.model_copy(update=update)
