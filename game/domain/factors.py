"""The inputs that can bind the player's compute: the limiting factor names every face shows."""

FACTORS = ("power", "chips", "memory", "capital", "tools", "talent", "permits", "none")
