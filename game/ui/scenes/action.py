"""The action dialog: a form built from a command's field metadata, with a live preview of cost,
lead time and effect, what the order will need next, and the engine's refusal message when the
rules say no. Amounts start at what the player's plan needs (game.ui.needs) where it needs some,
can be typed (click the value), stepped by the same amount up and down, or set to the need with
"What I need"."""

from __future__ import annotations

import pygame

from game.domain.commands import command_fields
from game.ui import deliveries, fmt, needs, theme, widgets
from game.ui.i18n import language, t, t_or
from game.ui.i18n import text as i18n_text
from game.ui.scene import Scene
from game.ui.widgets import Button

FIELD_H = 44
# a form field's unit (game/domain/commands.py) as the catalog names it
FORM_UNITS = {"wpm": "form_unit.wpm", "months": "form_unit.months", "units": "form_unit.units",
              "stacks": "form_unit.stacks", "systems or sets": "form_unit.systems_or_sets",
              "staff": "form_unit.staff", "USD B": "form_unit.usd_b", "GW": "form_unit.gw",
              "0-1": "form_unit.share"}


def nice_step(value: float, kind: str) -> float:
    """A step of about a tenth of the value, rounded to 1, 2 or 5 times a power of ten."""
    base = abs(value) / 10 or 1.0
    p = 10 ** len(str(int(base))) / 10 if base >= 1 else 0.1
    for m in (1, 2, 5, 10):
        if base <= m * p:
            step = m * p
            break
    return max(1, round(step)) if kind == "int" else round(step, 2)


class ActionDialog(Scene):
    overlay = True
    name = "action"

    def __init__(self, app, cls) -> None:
        super().__init__(app)
        self.cls = cls
        self.session = app.game.session
        self.fields = command_fields(cls)
        self.values = {f["name"]: f["default"] for f in self.fields}
        for f in self.fields:  # start on a value the world offers
            options = self.options(f)
            if options and self.values[f["name"]] not in [v for v, _ in options]:
                self.values[f["name"]] = options[0][0]
        self.touched: set[str] = set()  # amounts the player set: a need no longer moves them
        self.needs: dict[str, float] = {}
        self.steps: dict[str, float] = {}
        self.follow_needs()  # the form opens on what the plan needs
        self.focus: str | None = None
        self.typed = ""
        self.result: str | None = None
        self.result_ok = True
        self.preview = None
        self.refresh()

    def follow_needs(self) -> None:
        """Read what the plan needs for the form's current choices (a tool order's vendor) and
        set the amounts the player has not set to it; one step per amount from then on, so + and
        - undo each other."""
        self.needs = {k: self.clamp(self.field(k), v) for k, v in
                      needs.need_values(self.session, self.cls.name, self.values).items()}
        for f in self.fields:
            name = f["name"]
            if name in self.touched:
                continue
            if name in self.needs:
                self.values[name] = self.needs[name]
            if f["type"] in ("int", "float"):
                self.steps[name] = nice_step(self.values[name], f["type"])

    def options(self, f: dict) -> list[tuple[str, str]]:
        """The values a field offers, each with its label in the player's language."""
        if not f.get("choices"):
            return []
        options = self.session.choices(f["choices"])
        if f["choices"] == "capital_kinds":
            return [(value, t(f"capital_kind.{value}")) for value, _label in options]
        return [(value, i18n_text(label)) for value, label in options]

    def help(self, f: dict) -> str:
        """The field's help text in the player's language ("" when it has none)."""
        return t(f"field_help.{self.cls.name}.{f['name']}") if f.get("help") else ""

    def command(self):
        return self.cls(**self.values)

    def refresh(self) -> None:
        self.preview = self.session.preview(self.command())
        self.downstream = needs.downstream(self.session, self.command())

    # ------------------------------------------------------------------ layout
    def box(self, size) -> pygame.Rect:
        return widgets.centred(
            size, self.px(760), self.px(300 + len(self.fields) * FIELD_H + 110)
        )

    def layout(self, size) -> None:
        super().layout(size)
        box = self.box(size)
        x, px = box.x + self.px(250), self.px
        for i, f in enumerate(self.fields):
            y = box.y + px(56 + i * FIELD_H)
            name = f["name"]
            if f.get("choices") or f["type"] == "bool":
                self.buttons.append(
                    Button(
                        pygame.Rect(x, y, px(40), px(34)),
                        "‹",
                        lambda n=name: self.cycle(n, -1),
                        name=f"field:{name}:-",
                    )
                )
                self.buttons.append(
                    Button(
                        pygame.Rect(x + px(44), y, box.right - x - px(104), px(34)),
                        self.shown(f),
                        lambda n=name: self.cycle(n, 1),
                        self.help(f),
                        name=f"field:{name}",
                    )
                )
                self.buttons.append(
                    Button(
                        pygame.Rect(box.right - px(56), y, px(40), px(34)),
                        "›",
                        lambda n=name: self.cycle(n, 1),
                        name=f"field:{name}:+",
                    )
                )
            else:
                self.buttons.append(
                    Button(
                        pygame.Rect(x, y, px(40), px(34)),
                        "−",
                        lambda n=name: self.nudge(n, -1),
                        name=f"field:{name}:-",
                    )
                )
                label = (self.typed + "▏") if self.focus == name else self.shown(f)
                need_w = px(130) if name in self.needs else 0
                if need_w:
                    self.buttons.append(
                        Button(
                            pygame.Rect(box.right - px(60) - need_w, y, need_w - px(6), px(34)),
                            t("action.need"),
                            lambda n=name: self.use_need(n),
                            t("action.need_tip", value=self.shown(f, self.needs[name])),
                            name=f"field:{name}:need",
                            size=13,
                        )
                    )
                self.buttons.append(
                    Button(
                        pygame.Rect(x + px(44), y, box.right - x - px(104) - need_w, px(34)),
                        label,
                        lambda n=name: self.start_typing(n),
                        self.help(f) or t("tip.field_step"),
                        selected=self.focus == name,
                        name=f"field:{name}",
                    )
                )
                self.buttons.append(
                    Button(
                        pygame.Rect(box.right - px(56), y, px(40), px(34)),
                        "+",
                        lambda n=name: self.nudge(n, 1),
                        name=f"field:{name}:+",
                    )
                )
        refused = self.preview is not None and self.preview.refusal is not None
        self.buttons.append(
            Button(
                pygame.Rect(box.right - px(296), box.bottom - px(54), px(130), px(40)),
                t("common.cancel"),
                self.close,
                name="cancel",
            )
        )
        self.buttons.append(
            Button(
                pygame.Rect(box.right - px(156), box.bottom - px(54), px(140), px(40)),
                t("action.confirm"),
                self.confirm,
                t("action.refused_tip") if refused else "",
                name="confirm",
                colour=theme.BAD if refused else theme.GOOD,
                selected=not refused,
            )
        )

    def shown(self, f: dict, value=None) -> str:
        value = self.values[f["name"]] if value is None else value
        if f.get("choices"):
            return dict(self.options(f)).get(value, str(value))
        if f["type"] == "bool":
            return t("common.word_yes") if value else t("common.word_no")
        unit = f.get("unit") or ""
        if unit == "USD B" and language() != "en":
            return fmt.usd_b(value)  # 100 亿美元, as the articles write money
        text = f"{value:,}" if f["type"] == "int" else f"{value:,.2f}"
        return f"{text} {t(FORM_UNITS[unit]) if unit else ''}".strip()

    # ------------------------------------------------------------------ editing
    def field(self, name: str) -> dict:
        return next(f for f in self.fields if f["name"] == name)

    def set_value(self, name: str, value) -> None:
        self.values[name] = value
        self.result = None
        if self.field(name).get("choices") or self.field(name)["type"] == "bool":
            self.follow_needs()  # another vendor, another need
        else:
            self.touched.add(name)
        self.refresh()
        self.layout(self.app.size)

    def use_need(self, name: str) -> None:
        """Set the amount to the need, and follow the need again (another vendor, its need)."""
        self.set_value(name, self.needs[name])
        self.touched.discard(name)

    def cycle(self, name: str, step: int) -> None:
        f = self.field(name)
        if f["type"] == "bool":
            self.set_value(name, not self.values[name])
            return
        options = [v for v, _ in self.options(f)]
        if options:
            i = options.index(self.values[name]) if self.values[name] in options else 0
            self.set_value(name, options[(i + step) % len(options)])

    def nudge(self, name: str, direction: int) -> None:
        self.commit_typing()
        f = self.field(name)
        self.set_value(name, self.clamp(f, self.values[name] + direction * self.steps[name]))

    @staticmethod
    def clamp(f: dict, value: float):
        """The value within the field's bounds, as the field's type."""
        lo, hi = f.get("min"), f.get("max")
        value = max(lo, value) if lo is not None else value
        value = min(hi, value) if hi is not None else value
        return int(round(value)) if f["type"] == "int" else round(float(value), 2)

    def start_typing(self, name: str) -> None:
        self.commit_typing()
        self.focus, self.typed = name, ""
        self.app.text_focus = True
        self.layout(self.app.size)

    def commit_typing(self) -> None:
        if self.focus is None:
            return
        name, text = self.focus, self.typed.replace(",", "")
        self.focus, self.typed = None, ""
        self.app.text_focus = False
        if not text:
            self.layout(self.app.size)
            return
        f = self.field(name)
        try:
            value = int(text) if f["type"] == "int" else float(text)
        except ValueError:
            self.result, self.result_ok = t("action.not_a_number", text=text), False
            self.layout(self.app.size)
            return
        self.set_value(name, value)

    def on_key(self, event) -> bool:
        if self.focus is not None:
            if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_TAB):
                self.commit_typing()
            elif event.key == pygame.K_BACKSPACE:
                self.typed = self.typed[:-1]
            elif event.unicode and (event.unicode.isdigit() or event.unicode in ".-"):
                self.typed += event.unicode
            self.layout(self.app.size)
            return True
        if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            self.confirm()
        return True

    def on_intent(self, name: str) -> bool:
        if name == "back":
            if self.focus is not None:
                self.focus, self.typed = None, ""
                self.app.text_focus = False
                self.layout(self.app.size)
            else:
                self.close()
        return True

    # ------------------------------------------------------------------ outcome
    def confirm(self) -> None:
        self.commit_typing()
        result = self.app.game.submit(self.command())
        if result.accepted:
            self.close()
        else:
            self.result, self.result_ok = result.message, False
            self.refresh()
            self.layout(self.app.size)

    def close(self) -> None:
        self.app.text_focus = False
        self.app.pop(self)

    def draw(self, surf) -> None:
        from game.domain.rules import RULES

        box, px = self.box(surf.get_size()), self.px
        title = t_or(f"command.{self.cls.name}.title", self.cls.title)
        widgets.draw_panel(surf, self.fonts, box, title)
        rule = RULES.get(self.cls.rule)
        if rule:
            text = self.fonts.text(f"{rule.id} · {rule.shown_title}", 12, theme.MUTED)
            surf.blit(text, (box.right - text.get_width() - 16, box.y + 10))
        for i, f in enumerate(self.fields):
            y = box.y + px(56 + i * FIELD_H)
            surf.blit(
                self.fonts.text(t_or(f"field.{self.cls.name}.{f['name']}", f["label"]), 14,
                                theme.TEXT),
                (box.x + 20, y + px(8)),
            )
        y = box.y + px(56 + len(self.fields) * FIELD_H + 8)
        pygame.draw.line(surf, theme.EDGE, (box.x + 16, y), (box.right - 16, y))
        preview = self.fonts.text(t("action.preview"), 12, theme.ACCENT, bold=True)
        surf.blit(preview, (box.x + 20, y + px(10)))
        p = self.preview
        y += px(34)
        width = box.w - 40
        if p.refusal:
            y = widgets.draw_lines(
                surf,
                self.fonts,
                box.x + 20,
                y,
                [t("action.would_refuse", why=p.refusal)],
                15,
                theme.BAD,
                width,
            )
        else:
            cells = [fmt.cost_now(p.cost_busd)]
            if self.cls.name == "order_tools":  # when the first ships and when the last arrives
                cells += [(t("action.first_ships"), fmt.duration(p.lead_time_months)),
                          (t("action.last_arrives"), deliveries.last_arrival_text(
                              self.session, self.values["vendor"], self.values["quantity"]))]
            else:
                cells.append((t("action.lead"), fmt.duration(p.lead_time_months)))
            for j, (label, value) in enumerate(cells):
                surf.blit(self.fonts.text(label, 12, theme.MUTED), (box.x + 20 + j * px(220), y))
                surf.blit(
                    self.fonts.text(value, 20, theme.TEXT, bold=True),
                    (box.x + 20 + j * px(220), y + px(16)),
                )
            y = widgets.draw_lines(
                surf, self.fonts, box.x + 20, y + px(48), [i18n_text(p.effect)], 14, theme.TEXT,
                width
            )
            if self.downstream:
                surf.blit(self.fonts.text(t("action.downstream"), 12, theme.ACCENT, bold=True),
                          (box.x + 20, y + px(6)))
                y = widgets.draw_lines(surf, self.fonts, box.x + 20, y + px(24), [self.downstream],
                                       14, theme.WARN, width)
        if self.result:
            widgets.draw_lines(
                surf,
                self.fonts,
                box.x + 20,
                y + 6,
                [t("action.refused", why=self.result)],
                15,
                theme.BAD if not self.result_ok else theme.GOOD,
                width,
            )
        super().draw(surf)
