tfvars_wins         = true
json_wins           = false
auto_wins           = false
var_file_wins       = true
var_wins            = true
later_var_file_wins = true
