auto_wins      = true
last_auto_wins = true
