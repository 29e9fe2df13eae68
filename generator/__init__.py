"""xinfang: content -> validated model -> public site and GB/T 9704 letters."""
