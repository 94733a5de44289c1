var_file_wins       = false
later_var_file_wins = true
var_wins            = true
