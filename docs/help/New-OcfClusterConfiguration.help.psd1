@{
    Synopsis    = 'Writes a cluster configuration document (OCF XML) for N nodes, and optionally its key file.'
    Description = @('New-OcfClusterConfiguration writes the cluster name, the nodes (ids 1..N, one host:port address each), transport, timing, key file and quorum policy as an OCF XML document, validated exactly as Start-OcfNode and ocfd will read it. With one -Address for all nodes (a loopback test cluster) each node gets the next port after -Port. -NewKey also generates the key file with owner-only permissions.')
    Parameters  = @{
        ClusterName  = 'The cluster name.'
        Node         = 'Node names, in id order.'
        Address      = 'One address for all nodes (each then gets its own port) or one per node.'
        Port         = 'One UDP port per node, or one port (with a shared address each node then gets the next one). Default 5405.'
        KeepaliveSec = 'Heartbeat interval in seconds (default 1).'
        DeadtimeSec  = 'Silence after which a node is declared dead (default 10 x keepalive).'
        TwoNode      = 'corosync''s two_node quorum mode (two nodes only).'
        Path         = 'Where to write the document.'
        KeyFile      = 'The key file (default: the document path plus .key).'
        NewKey       = 'Also generate the key file.'
        Force        = 'Replace existing files.'
        TransportOption = 'The transport plugin''s own settings, written under transport_options and checked against the plugin''s fields when a node starts (udp: bind_address, receive_buffer, send_buffer, ttl).'
        SendWindow   = 'Unacknowledged datagrams a sender may have in flight (protocol.send_window, default 1024); a full window makes senders wait.'
    }
    Outputs     = @(@{ Type = 'Ocf.Node.OcfClusterConfiguration'; Description = 'The configuration written.' })
    Notes       = @('Supports -WhatIf. Error IDs: ConfigurationExists, AddressCountMismatch.')
    Examples    = @(
        @{ Title = 'A loopback test cluster'; Code = 'New-OcfClusterConfiguration -ClusterName lab -Node n1, n2, n3 -Path ./lab.ocf.xml -NewKey'; Remarks = 'Writes lab.ocf.xml (nodes on 127.0.0.1:5405-5407) and lab.ocf.xml.key.' }
        @{ Title = 'Real hosts'; Code = "New-OcfClusterConfiguration -ClusterName prod -Node db1, db2 -Address 10.0.0.11, 10.0.0.12 -TwoNode -Path /etc/ocf/cluster.ocf.xml -KeyFile /etc/ocf/authkey -NewKey"; Remarks = 'A two-node cluster with one address per host.' }
    )
    Links       = @('New-OcfClusterKey', 'Start-OcfNode')
}
