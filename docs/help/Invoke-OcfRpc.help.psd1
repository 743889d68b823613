@{
    Synopsis    = 'Calls a method of a cluster node''s local API (XML-RPC).'
    Description = @(
        'Invoke-OcfRpc sends one XML-RPC call to a node: to an ocfd daemon (or any node) through its local API socket (a named pipe on Windows), or in-process to a Start-OcfNode job. Arguments are converted to XML-RPC values as ConvertTo-OcfXml does (hashtables and objects become structs, arrays arrays); the result comes back as PowerShell objects (structs as PSCustomObject), and an array result is written one element at a time unless -NoEnumerate is given.'
        'A fault becomes an error with ErrorId RpcFault: the exception (Ocf.Rpc.OcfRpcException) carries FaultCode and FaultString, and the message shows both. LocalApiAccessDenied means the daemon refused this user (only root, the daemon''s user and its --api-group may call); LocalApiUnreachable that nothing answered at the socket.'
        'system.listMethods, system.methodHelp and system.methodSignature describe every method; docs/local-api.md lists them with their topics and structs.'
    )
    Parameters  = @{
        Method       = 'The method name, e.g. system.listMethods, ocf.membership, ocf.nodes, ocf.stonith.status.'
        ArgumentList = 'The positional parameters of the call, converted to XML-RPC values.'
        Socket       = 'The local API socket path (a pipe name on Windows); default: the only default endpoint on this machine.'
        Job          = 'A node job (Start-OcfNode) to call in-process instead of through a socket.'
        NoEnumerate  = 'Writes an array result as one object.'
    }
    Inputs      = @(@{ Type = 'System.String'; Description = 'Method names.' })
    Outputs     = @(@{ Type = 'System.Object'; Description = 'The result: strings, numbers, booleans, dates, byte arrays, PSCustomObject for structs.' })
    Notes       = @('Error IDs: RpcFault, LocalApiAccessDenied, LocalApiUnreachable, ArgumentNotConvertible.')
    Examples    = @(
        @{ Title = 'What a daemon offers'; Code = 'Invoke-OcfRpc system.listMethods -Socket /run/ocf/lab-n1.sock'; Remarks = 'Lists every method of the node''s local API.' }
        @{ Title = 'Help for one method'; Code = 'Invoke-OcfRpc system.methodHelp -ArgumentList ocf.events.wait'; Remarks = 'Shows the method''s help and parameters (the only default endpoint is used).' }
        @{ Title = 'Power state through the daemon'; Code = "Invoke-OcfRpc ocf.stonith.status -ArgumentList 'bmc1', 'node2' -Socket /run/ocf/lab-n1.sock"; Remarks = 'Returns {device, host, state, duration}.' }
        @{ Title = 'A job in this session'; Code = 'Invoke-OcfRpc ocf.membership -Job $job'; Remarks = 'Calls the job''s node in-process.' }
    )
    Links       = @('Get-OcfNode', 'Get-OcfMembership', 'Start-OcfNode', 'ConvertTo-OcfXml')
}
