@{
    Synopsis    = 'Writes a new random cluster key file readable only by its owner.'
    Description = @('New-OcfClusterKey generates a random key (for HMAC-SHA256 packet signing and AES-256-GCM encryption) and writes it with owner-only permissions (mode 0600 on Unix, an owner-only ACL on Windows). Nodes refuse a key file that others can read. A different -KeyId lets a cluster roll to a new key without downtime.')
    Parameters  = @{
        Path  = 'The key file to write.'
        KeyId = 'The key id (1-255, default 1).'
        Force = 'Replace an existing file.'
    }
    Outputs     = @(@{ Type = 'System.IO.FileInfo'; Description = 'The key file.' })
    Notes       = @('Supports -WhatIf. Error IDs: KeyFileExists.')
    Examples    = @(
        @{ Title = 'A key'; Code = 'New-OcfClusterKey -Path /etc/ocf/authkey'; Remarks = 'Writes a new key readable only by the current user.' }
        @{ Title = 'Replace it'; Code = 'New-OcfClusterKey -Path ./lab.key -KeyId 2 -Force'; Remarks = 'Writes a key with id 2 over the old file.' }
    )
    Links       = @('New-OcfClusterConfiguration')
}
