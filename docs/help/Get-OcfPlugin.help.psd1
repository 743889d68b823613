@{
    Synopsis    = 'Lists the plugins Ocf can use: those of loaded modules, those declared by modules in the plugin folders, and external fence and resource agents.'
    Description = @(
        'Get-OcfPlugin returns one object per plugin with its Type (encoding, stonith, resource, catalog, PluginHandler, ...), Name, Module, Version, Source (the module assembly or the external agent''s path), Description and Fields.'
        'Modules in the plugin folders are listed from their metadata without being loaded or running any of their code. External agents are listed through catalog plugins: every installed fence agent (fence_*) is a stonith plugin and every OCF resource agent a resource plugin, with fields imported from the agent''s own metadata. The first call reads that metadata (in parallel) and caches it for the session.'
        'Fields are the self-configuration metadata of the plugin: fieldname, basictype, specialtype, required, secret, default, enum values, arrays and structs. Reading Fields of a plugin whose module is not loaded yet loads the module. A plugin built for another major version of its type''s API cannot load, so its Fields read as nothing: Get-OcfPlugin writes a warning saying why (for a plugin asked for by exact type and name it loads the type''s handler to check; a listing compares only against handlers already loaded).'
        'Fields show as a table (FieldName, Type such as string[1..3] or struct[1..], SpecialType, Required, Secret, Default, Allowed: enum values, a struct''s sub-fields with * for required ones, length and regex rules, ShortText) and with Format-List as every attribute, sub-fields included. A secret''s default is never shown.'
    )
    Parameters  = @{
        Type = 'Plugin types to list (wildcards allowed), for example stonith or encoding. Tab completion lists the known types and the types catalogs declare, without running any external agent; -Name completion then lists only plugins of the typed type.'
        Name = 'Plugin names to list (wildcards allowed), for example fence_ipmilan. A name without wildcards that matches nothing is reported as PluginNotFound.'
    }
    Inputs      = @(@{ Type = 'System.String'; Description = 'Type and Name by property name.' })
    Outputs     = @(@{ Type = 'Ocf.Plugins.OcfPluginInfo'; Description = 'A plugin: Type, Name, Module, Version, ApiVersion, Source, Description, IsLoaded, Fields.' })
    Notes       = @('Error IDs: PluginNotFound.')
    Examples    = @(
        @{ Title = 'List fencing plugins'; Code = 'Get-OcfPlugin -Type stonith'; Remarks = 'Lists every stonith plugin, including one per installed fence agent.' }
        @{ Title = 'Show the fields of a fence agent'; Code = "Get-OcfPlugin -Name fence_ipmilan | Select-Object -ExpandProperty Fields | Where-Object Required"; Remarks = 'Shows the required configuration fields of fence_ipmilan as imported from its metadata.' }
        @{ Title = 'Show every attribute of one field'; Code = "Get-OcfPlugin -Name fence_ipmilan | Select-Object -ExpandProperty Fields | Where-Object FieldName -EQ method | Format-List"; Remarks = 'Lists the field''s type, class, counts, allowed values, length, regex, sub-fields, aliases and texts.' }
        @{ Title = 'List the encodings'; Code = 'Get-OcfPlugin -Type encoding'; Remarks = 'Lists ocf-xml, xml-rpc and any codec module dropped into a plugin folder (such as ha-msg).' }
    )
    Links       = @('Test-OcfPluginConfiguration', 'Get-OcfPluginModule', 'Add-OcfPluginPath')
}
