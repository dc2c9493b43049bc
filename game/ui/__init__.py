"""The pygame game window: the only package that imports pygame.

`app.App` owns the window, the scene stack and the fixed-timestep clock; scenes live in
`game.ui.scenes`, drawing functions that take the immutable WorldView in `game.ui.draw`.
"""
