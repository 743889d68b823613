@{
    Synopsis    = 'Confirms, as the operator, that a node was reset by hand for the manual STONITH plugin.'
    Description = @(
        'The manual (meatware) stonith plugin turns a power command into a request to an operator. The operator resets or powers off the node by hand and then runs Confirm-OcfManualReset; only then does the waiting Invoke-OcfReset report success. Without a confirmation it fails with StonithNotConfirmed at its timeout. Requests and confirmations are files in a folder, so the confirmation can come from another session or machine sharing it.'
        'Confirming a reset that did not happen can corrupt shared data, so the cmdlet asks for confirmation (ConfirmImpact High).'
    )
    Parameters  = @{
        Node             = 'The nodes whose reset is confirmed. Accepts pipeline input.'
        ConfirmDirectory = 'The folder of the manual device (its confirm_dir field; default: ocf-manual-stonith in the temp folder).'
    }
    Inputs      = @(@{ Type = 'System.String'; Description = 'Node names.' })
    Outputs     = @(@{ Type = 'System.String'; Description = 'What was confirmed.' })
    Notes       = @('Error IDs: NoPendingManualReset.')
    Examples    = @(
        @{ Title = 'Confirm a reset'; Code = 'Confirm-OcfManualReset -Node node2'; Remarks = 'Tells the waiting reset of node2 that the operator has reset it.' }
        @{ Title = 'With a shared folder'; Code = "Confirm-OcfManualReset -Node node2 -ConfirmDirectory /srv/ocf/manual -Confirm:`$false"; Remarks = 'Confirms through the folder the manual device was configured with.' }
    )
    Links       = @('Invoke-OcfReset', 'New-OcfStonithDevice')
}
