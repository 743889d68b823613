@{
    Synopsis    = 'Reads the power state of hosts from a STONITH device.'
    Description = @(
        'Get-OcfPowerStatus asks the device for the power state (On or Off) of each node given, or of every host the device controls when -Node is omitted. A state the device cannot tell is reported as an error (StonithUnknownState), never as a guess.'
    )
    Parameters  = @{
        Device = 'The device to ask. Accepts pipeline input.'
        Node   = 'The hosts to ask about; all hosts the device lists when omitted.'
    }
    Inputs      = @(@{ Type = 'Ocf.Stonith.OcfStonithDevice'; Description = 'Devices from the pipeline.' })
    Outputs     = @(@{ Type = 'Ocf.PowerShell.Stonith.OcfPowerStatus'; Description = 'Device, Node, State and how long the query took.' })
    Examples    = @(
        @{ Title = 'One host'; Code = 'Get-OcfPowerStatus -Device $dev -Node node1'; Remarks = 'Shows whether node1 is on or off.' }
        @{ Title = 'Every saved device'; Code = 'Get-OcfStonithDevice | Get-OcfPowerStatus'; Remarks = 'Shows the state of every host of every saved device.' }
    )
    Links       = @('Invoke-OcfReset', 'New-OcfStonithDevice')
}
