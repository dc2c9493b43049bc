"""The live class in Chinese: `terafab classroom serve` in zh-Hans or zh-Hant serves the join
page, the seat's page, the teacher's dashboard and the debrief in that language (`lang` on
<html>, the scripts' words handed to them from the catalogs), the seat's state (panel, news, the
rules' titles and texts) and the 4xx errors too; the grades CSV keeps its English columns."""

from __future__ import annotations

import json
import re

import pytest

from tests.test_i18n_pages import english_words, world_names

WORDS = {  # a few words each page must show, per script
    "zh-Hans": {"join": "加入课堂", "teacher": "推进全班", "debrief": "内置策略",
                "rounds": "本课堂按轮次进行", "no_seat": "这个浏览器还没有席位",
                "treatment": "美国出口管制等级（0-4） = 4，从第 0 个月起"},
    "zh-Hant": {"join": "加入課堂", "teacher": "推進全班", "debrief": "內建策略",
                "rounds": "本課堂按輪次進行", "no_seat": "這個瀏覽器還沒有席位",
                "treatment": "美國出口管制等級（0-4） = 4，從第 0 個月起"},
}


LOCALES = {"zh-Hans": "zh_CN.UTF-8", "zh-Hant": "zh_TW.UTF-8"}


def seen(page: str) -> set[str]:
    """English a reader sees on a template (the scripts' JSON words are checked apart)."""
    return english_words(re.sub(r'<script type="application/json".*?</script>', " ", page,
                                flags=re.S))


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant"])
def test_the_class_pages_speak_the_class_language(class_server, monkeypatch, lang):
    """The class server started on a teacher's Chinese machine (LANG=zh_TW.UTF-8: the default
    of --lang, which sets the same language the same way, game/cli/__init__.py)."""
    for name in ("LANGUAGE", "LC_ALL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", LOCALES[lang])
    server = class_server()
    words = WORDS[lang]
    try:
        with server.student() as student, server.teacher() as teacher:
            page = student.get("/").text
            assert f'<html lang="{lang}">' in page and words["join"] in page
            assert seen(page) == set()
            texts = re.search(r'<script type="application/json" id="texts">(.*?)</script>',
                              page, re.S).group(1)
            shown = " ".join(re.sub(r"\{\w+\}", " ", v) for v in json.loads(texts).values())
            assert english_words(shown) == set()

            r = student.get("/api/state")  # no seat yet: a 401 in the class's language
            assert r.status_code == 401 and words["no_seat"] in r.json()["error"]
            r = student.post("/api/join", json={"name": "小明", "team": "红队"})
            assert r.status_code == 200, r.text
            seat = r.json()["seat"]["id"]
            r = student.post("/api/advance", json={})  # rounds: the teacher advances
            assert r.status_code == 409 and words["rounds"] in r.json()["error"]
            r = student.post("/api/command", json={"command": "raise_capital", "fields": {
                "kind": "debt", "busd": 200.0}})
            assert r.status_code == 200 and not r.json()["accepted"]
            assert english_words(r.json()["message"]) == set(), r.json()["message"]
            assert teacher.post(f"/api/teacher/seat/{seat}/group",
                                json={"group": "B"}).status_code == 200
            assert teacher.post("/api/teacher/treatment", json={
                "group": "B", "from_month": 0, "lever": "export_control_level",
                "value": 4.0}).status_code == 200
            assert teacher.post("/api/teacher/advance").status_code == 200
            state = student.get("/api/state").json()
            panel = " ".join(f"{label} {value} {unit}" for label, value, unit in state["panel"])
            news = " ".join(f"{n['reason']} {n['rule_title']} {n['rule_text']}"
                            for n in state["news"])
            names = world_names("tutorial", lang)
            assert english_words(panel, names) == set(), panel
            assert english_words(news, names) == set(), news
            forms = student.get("/api/commands").json()
            titles = " ".join(f"{c['title']} " + " ".join(f["label"] for f in c["fields"])
                              for c in forms)
            assert english_words(titles) == set(), titles

            dashboard = teacher.get("/teacher").text
            assert f'<html lang="{lang}">' in dashboard and words["teacher"] in dashboard
            assert seen(dashboard) == set()
            debrief = teacher.get("/debrief").text
            assert f"<html lang='{lang}'>" in debrief and words["debrief"] in debrief
            assert words["treatment"] in debrief  # what group B was given, in the language
            assert english_words(debrief) == set()
            grades = teacher.get("/debrief/grades.csv").text
            assert grades.startswith("rank,name,team,group,played_by,month,score,grade")
    finally:
        server.stop()
