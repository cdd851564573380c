"""Digital signatures (ký số) with pyHanko: signed approvals, trust, test PKI (issue 4)."""
