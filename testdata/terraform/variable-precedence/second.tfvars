later_var_file_wins = false
