pub(crate) mod default_security_group_open;
pub(crate) mod flow_logs_disabled;
pub(crate) mod nacl_public_ingress;
pub(crate) mod sg_public_ingress;
pub(crate) mod subnet_public_ip_on_launch;

/// Remote administration ports: SSH and RDP.
pub(crate) const ADMIN_PORTS: &[i64] = &[22, 3389];
/// Database and cache ports that should never face the internet.
pub(crate) const DATA_PORTS: &[i64] = &[1433, 1521, 3306, 5432, 6379, 9200, 11211, 27017];
