# Helpers shared by the cluster Pester files (dot-sourced in their BeforeAll; not a test file itself).

# A UDP port nobody uses now on 127.0.0.1: bind port 0, read what the system chose, release it.
function Get-FreeUdpPort {
    $u = [Net.Sockets.UdpClient]::new([Net.IPEndPoint]::new([Net.IPAddress]::Loopback, 0))
    try { $u.Client.LocalEndPoint.Port } finally { $u.Dispose() }
}

# Polls $Condition every 50 ms until it is true (returns $true) or the time is up (returns $false).
function Wait-Until([scriptblock] $Condition, [double] $TimeoutSec = 20) {
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSec)
    while ([DateTime]::UtcNow -lt $deadline) { if (& $Condition) { return $true }; Start-Sleep -Milliseconds 50 }
    return $false
}
