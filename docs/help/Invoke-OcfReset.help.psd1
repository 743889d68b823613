@{
    Synopsis    = 'Fences nodes: powers them off, on, or reboots them through a STONITH device, and confirms the result.'
    Description = @(
        'Invoke-OcfReset sends the power action for each node through the device and then polls the device''s status until it confirms the expected state (off for Off, on for On and Reboot). A command the device merely accepted is never reported as done, and an unknown state is a failure. Before acting, the device must list the node among the hosts it controls.'
        'Nodes come from -Node or from the pipeline by property name (Node, Name or HostName), and run in parallel up to -ThrottleLimit; operations on the same device are serialised. Each node gives one result object (device, node, action, confirmed state, duration, success) and, on failure, an error record whose ErrorId names the failure: StonithUnreachable, StonithAuthentication, StonithDeviceRefused, StonithNotConfirmed, StonithUnknownState, StonithHostNotControlled, StonithTimeout, StonithBusy or StonithPluginError.'
        'Resetting a node is destructive, so the cmdlet asks for confirmation (ConfirmImpact High); use -WhatIf to see what would happen and -Force (or -Confirm:$false) in unattended scripts.'
    )
    Parameters  = @{
        Device        = 'The device to use (from New-OcfStonithDevice or Get-OcfStonithDevice). Accepted by property name.'
        Node          = 'The nodes to fence. Accepts pipeline input by value and by property name.'
        Action        = 'Reboot (default), Off or On.'
        ThrottleLimit = 'How many nodes are fenced at once (default 4).'
        TimeoutSec    = 'Seconds each node may take in all before it is reported as StonithTimeout (default 120).'
        Force         = 'Does not ask for confirmation (-WhatIf and an explicit -Confirm still apply).'
        AsJob         = 'Runs in the background and returns a job; Receive-Job returns the results and errors.'
        DeviceName    = 'A device saved in the node daemon''s device store (ocfd --device-store, or the daemon user''s default store): the daemon runs the operation through its local API (ocf.stonith.*). Nodes are fenced one after the other.'
        Socket        = 'The daemon''s local API socket path (a pipe name on Windows); default: the only default endpoint on this machine. Used with -DeviceName.'
    }
    Inputs      = @(@{ Type = 'System.String'; Description = 'Node names, or objects with a Node/Name property and a Device property.' })
    Outputs     = @(@{ Type = 'Ocf.Stonith.OcfStonithResult'; Description = 'One per node: Device, Node, Action, Success, State, Duration, FailedStep, FailureKind, Message.' })
    Examples    = @(
        @{ Title = 'Reboot a node'; Code = 'Invoke-OcfReset -Device $dev -Node node1 -Confirm:$false'; Remarks = 'Powers node1 off, confirms it is off, powers it on and confirms it is on.' }
        @{ Title = 'See what would be fenced'; Code = "'node1', 'node2' | Invoke-OcfReset -Device `$dev -Action Off -WhatIf"; Remarks = 'Lists the power-off operations without performing them.' }
        @{ Title = 'Through the daemon'; Code = 'Invoke-OcfReset -DeviceName bmc1 -Node node3 -Action Off -Socket /run/ocf/lab-n1.sock -WhatIf'; Remarks = 'Shows that the ocfd of node n1 would power node3 off with its saved device bmc1.' }
        @{ Title = 'In the background'; Code = "`$job = Invoke-OcfReset -Device `$dev -Node node3 -Force -AsJob; Receive-Job `$job -Wait"; Remarks = 'Runs the reset as a job and collects its result.' }
    )
    Links       = @('New-OcfStonithDevice', 'Get-OcfPowerStatus', 'Test-OcfStonithDevice')
}
