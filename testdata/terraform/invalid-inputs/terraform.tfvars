encrypt_data = "maybe"
nope = 1
