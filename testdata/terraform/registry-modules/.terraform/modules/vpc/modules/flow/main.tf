output "encrypted" {
  value = false
}
