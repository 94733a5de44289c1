//! AWS-EC2-003 ec2-instance-public-ip: instances, launch templates and
//! launch configurations that ask for a public IPv4 address.

use crate::model::Model;
use crate::rules::Emitter;

pub(crate) fn check(model: &Model, e: &mut Emitter) {
    for p in &model.ec2.public_ips {
        if let Some((true, range)) = p.associate.get() {
            e.report(
                &p.meta,
                range,
                format!(
                    "{} associates a public IPv4 address with its network interface",
                    p.meta.name()
                ),
            );
        }
    }
}
