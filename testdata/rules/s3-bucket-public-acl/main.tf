# Fixtures for s3-bucket-public-acl (AWS-S3-001).

variable "downloads_acl" {
  type    = string
  default = "public-read"
}

variable "acl_from_caller" {
  type = string
}

data "aws_canonical_user_id" "current" {}

# Legacy inline ACL on the bucket.
resource "aws_s3_bucket" "legacy_public" {
  bucket = "palisade-legacy-public"
  acl    = "public-read" # expect: s3-bucket-public-acl@12
}

# Legacy inline private ACL: silent.
resource "aws_s3_bucket" "legacy_private" {
  bucket = "palisade-legacy-private"
  acl    = "private"
}

# Split ACL resource, linked by reference.
resource "aws_s3_bucket" "uploads" {
  bucket = "palisade-uploads"
}

resource "aws_s3_bucket_acl" "uploads" {
  bucket = aws_s3_bucket.uploads.id
  acl    = "public-read-write" # expect: s3-bucket-public-acl@12
}

# Split ACL resource, linked by the literal bucket name.
resource "aws_s3_bucket" "partners" {
  bucket = "palisade-partners"
}

resource "aws_s3_bucket_acl" "partners" {
  bucket = "palisade-partners"
  acl    = "authenticated-read" # expect: s3-bucket-public-acl@12
}

# A variable whose default is public-read: reported at the use site.
resource "aws_s3_bucket" "downloads" {
  bucket = "palisade-downloads"
}

resource "aws_s3_bucket_acl" "downloads" {
  bucket = aws_s3_bucket.downloads.id
  acl    = var.downloads_acl # expect: s3-bucket-public-acl@12
}

# A variable without a default is unknown: silent.
resource "aws_s3_bucket" "tenant" {
  bucket = "palisade-tenant"
}

resource "aws_s3_bucket_acl" "tenant" {
  bucket = aws_s3_bucket.tenant.id
  acl    = var.acl_from_caller
}

# Log delivery ACL is not public: silent.
resource "aws_s3_bucket" "access_logs" {
  bucket = "palisade-access-logs"
}

resource "aws_s3_bucket_acl" "access_logs" {
  bucket = aws_s3_bucket.access_logs.id
  acl    = "log-delivery-write"
}

# Explicit grants: the AllUsers group is public.
resource "aws_s3_bucket" "media" {
  bucket = "palisade-media"
}

resource "aws_s3_bucket_acl" "media" {
  bucket = aws_s3_bucket.media.id

  access_control_policy {
    grant {
      grantee {
        type = "Group"
        uri  = "http://acs.amazonaws.com/groups/global/AllUsers" # expect: s3-bucket-public-acl@16
      }
      permission = "READ"
    }

    grant {
      grantee {
        id   = data.aws_canonical_user_id.current.id
        type = "CanonicalUser"
      }
      permission = "FULL_CONTROL"
    }

    owner {
      id = data.aws_canonical_user_id.current.id
    }
  }
}

# Explicit grants to the owner and the log delivery group only: silent.
resource "aws_s3_bucket" "server_logs" {
  bucket = "palisade-server-logs"
}

resource "aws_s3_bucket_acl" "server_logs" {
  bucket = aws_s3_bucket.server_logs.id

  access_control_policy {
    grant {
      grantee {
        type = "Group"
        uri  = "http://acs.amazonaws.com/groups/s3/LogDelivery"
      }
      permission = "WRITE"
    }

    grant {
      grantee {
        id   = data.aws_canonical_user_id.current.id
        type = "CanonicalUser"
      }
      permission = "FULL_CONTROL"
    }

    owner {
      id = data.aws_canonical_user_id.current.id
    }
  }
}

# Private ACL: silent.
resource "aws_s3_bucket" "reports" {
  bucket = "palisade-reports"
}

resource "aws_s3_bucket_acl" "reports" {
  bucket = aws_s3_bucket.reports.id
  acl    = "private"
}
