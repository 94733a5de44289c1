volumes = {
  logs = { size = 10, encrypted = false }
  data = { size = 20 }
}
