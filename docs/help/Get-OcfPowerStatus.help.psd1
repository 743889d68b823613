@{
    Synopsis    = 'Reads the power state of hosts from a STONITH device.'
    Description = @(
        'Get-OcfPowerStatus asks the device for the power state (On or Off) of each node given, or of every host the device controls when -Node is omitted. A state the device cannot tell is reported as an error (StonithUnknownState), never as a guess.'
    )
    Parameters  = @{
        Device = 'The device to ask. Accepts pipeline input.'
        Node   = 'The hosts to ask about; all hosts the device lists when omitted.'
        DeviceName = 'A device saved in the node daemon''s device store (ocfd --device-store, or the daemon user''s default store): the daemon runs the operation through its local API (ocf.stonith.*).'
        Socket = 'The daemon''s local API socket path (a pipe name on Windows); default: the only default endpoint on this machine. Used with -DeviceName.'
    }
    Inputs      = @(@{ Type = 'Ocf.Stonith.OcfStonithDevice'; Description = 'Devices from the pipeline.' })
    Outputs     = @(@{ Type = 'Ocf.PowerShell.Stonith.OcfPowerStatus'; Description = 'Device, Node, State and how long the query took.' })
    Examples    = @(
        @{ Title = 'One host'; Code = 'Get-OcfPowerStatus -Device $dev -Node node1'; Remarks = 'Shows whether node1 is on or off.' }
        @{ Title = 'Through the daemon'; Code = 'Get-OcfPowerStatus -DeviceName bmc1 -Node node2 -Socket /run/ocf/lab-n1.sock'; Remarks = 'The ocfd of node n1 reads the state with its saved device bmc1.' }
        @{ Title = 'Every saved device'; Code = 'Get-OcfStonithDevice | Get-OcfPowerStatus'; Remarks = 'Shows the state of every host of every saved device.' }
    )
    Links       = @('Invoke-OcfReset', 'New-OcfStonithDevice')
}
