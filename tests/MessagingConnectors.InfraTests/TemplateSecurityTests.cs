using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using static MessagingConnectors.InfraTests.CompiledTemplate;

namespace MessagingConnectors.InfraTests;

/// <summary>
/// Guards the security settings of infra/main.bicep in its compiled form, so that an edit cannot
/// quietly turn one off. Build the template first: scripts/bicep.sh.
/// </summary>
public sealed partial class TemplateSecurityTests
{
    private static readonly Dictionary<string, string> AllowedRoles = new(StringComparer.OrdinalIgnoreCase)
    {
        ["b7e6dc6d-f1e8-4753-8033-0f276bb0955b"] = "Storage Blob Data Owner",
        ["0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3"] = "Storage Table Data Contributor",
        ["974c5e8b-45b9-4653-ba55-5f855dd0fb88"] = "Storage Queue Data Contributor",
        ["3913510d-42f4-4e42-8a64-420c390055eb"] = "Monitoring Metrics Publisher",
        ["4633458b-17de-408a-b874-0445c86b69e6"] = "Key Vault Secrets User",
    };

    private static readonly Dictionary<string, string> RoleScopeTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["b7e6dc6d-f1e8-4753-8033-0f276bb0955b"] = "Microsoft.Storage/storageAccounts",
        ["0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3"] = "Microsoft.Storage/storageAccounts",
        ["974c5e8b-45b9-4653-ba55-5f855dd0fb88"] = "Microsoft.Storage/storageAccounts",
        ["3913510d-42f4-4e42-8a64-420c390055eb"] = "Microsoft.Insights/components",
        ["4633458b-17de-408a-b874-0445c86b69e6"] = "Microsoft.KeyVault/vaults",
    };

    private static readonly string[] Tables = ["Idempotency", "Subscriptions", "InboundMessages", "Deliveries", "SerwerSmsReportTrigger"];

    private const string OwnerRole = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";
    private const string ContributorRole = "b24988ac-6180-42a0-ab88-20f7382dd24c";

    [Fact]
    public void StorageAccount_DisallowsPublicBlobsSharedKeysOldTlsAndHttp()
    {
        var storage = Assert.Single(ResourcesOfType("Microsoft.Storage/storageAccounts"));
        var properties = storage["properties"]!;

        Assert.False(Bool(properties["allowBlobPublicAccess"]) ?? true, "allowBlobPublicAccess must be false");
        Assert.False(Bool(properties["allowSharedKeyAccess"]) ?? true, "allowSharedKeyAccess must be false");
        Assert.Equal("TLS1_2", Str(properties["minimumTlsVersion"]));
        Assert.True(Bool(properties["supportsHttpsTrafficOnly"]) ?? false, "supportsHttpsTrafficOnly must be true");
    }

    [Fact]
    public void StorageContainers_AreNotPublic()
    {
        var containers = ResourcesOfType("Microsoft.Storage/storageAccounts/blobServices/containers");

        Assert.Contains(containers, c => Str(c["name"])?.Contains("'media'", StringComparison.Ordinal) == true);
        Assert.All(containers, c => Assert.Equal("None", Str(c["properties"]?["publicAccess"])));
    }

    [Fact]
    public void MediaLifecycleRule_DeletesMediaBlobsAfterTheRetentionParameter()
    {
        var policy = Assert.Single(ResourcesOfType("Microsoft.Storage/storageAccounts/managementPolicies"));
        var rules = policy["properties"]?["policy"]?["rules"]?.AsArray() ?? [];
        var rule = Assert.Single(rules, r => r?["definition"]?["filters"]?["prefixMatch"]?.AsArray().Any(p => Str(p) == "media/") == true)!;

        Assert.True(Bool(rule["enabled"]) ?? false, "the media lifecycle rule must be enabled");
        Assert.Equal("Lifecycle", Str(rule["type"]));
        Assert.Contains("blockBlob", rule["definition"]!["filters"]!["blobTypes"]!.AsArray().Select(Str));

        // The days come from a module parameter that main.bicep fills with its mediaRetentionDays parameter.
        var days = Str(rule["definition"]?["actions"]?["baseBlob"]?["delete"]?["daysAfterModificationGreaterThan"]);
        var moduleParameter = ParameterReference().Match(days ?? "");
        Assert.True(moduleParameter.Success, $"delete.daysAfterModificationGreaterThan should be a parameter, was {days}");
        var passed = Str(ModuleOf(policy)["properties"]?["parameters"]?[moduleParameter.Groups["name"].Value]?["value"]);
        Assert.Equal("[parameters('mediaRetentionDays')]", passed);

        var retention = Root["parameters"]?["mediaRetentionDays"];
        Assert.Equal(7, (int?)retention?["defaultValue"]);

        // The app is told the same number.
        var setting = Assert.Single(Settings(Root).Where(s => s.Name == "Media__RetentionDays").Distinct());
        Assert.Contains("parameters('mediaRetentionDays')", setting.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Tables_AreCreated()
    {
        var text = string.Join('\n', ResourcesOfType("Microsoft.Storage/storageAccounts/tableServices/tables").Select(t => t.ToJsonString()))
            + Root["variables"]?.ToJsonString();

        Assert.All(Tables, table => Assert.Contains($"\"{table}\"", text, StringComparison.Ordinal));
    }

    [Fact]
    public void FunctionApps_AreHttpsOnlyWithTls12AndNoFtp()
    {
        var sites = ResourcesOfType("Microsoft.Web/sites");

        Assert.Equal(2, sites.Count); // one per plan kind; a deployment creates one of them
        Assert.All(sites, site =>
        {
            Assert.True(Bool(site["properties"]?["httpsOnly"]) ?? false, "httpsOnly must be true");
            Assert.Equal("1.2", Str(site["properties"]?["siteConfig"]?["minTlsVersion"]));
            Assert.Equal("Disabled", Str(site["properties"]?["siteConfig"]?["ftpsState"]));
            Assert.NotNull(Str(site["properties"]?["keyVaultReferenceIdentity"]));
            Assert.Equal("UserAssigned", Str(site["identity"]?["type"]));
        });

        var basicAuth = ResourcesOfType("Microsoft.Web/sites/basicPublishingCredentialsPolicies");
        Assert.Equal(4, basicAuth.Count); // ftp and scm, for each site
        Assert.All(basicAuth, policy => Assert.False(Bool(policy["properties"]?["allow"]) ?? true, "basic publishing credentials must be off"));
    }

    [Fact]
    public void FlexApp_RunsTheDotnetIsolated10RuntimeWithoutWorkerRuntimeSetting()
    {
        var site = Assert.Single(ResourcesOfType("Microsoft.Web/sites"), s => s["properties"]?["functionAppConfig"] is not null);
        var config = site["properties"]!["functionAppConfig"]!;
        var module = ModuleOf(site);

        Assert.Equal("dotnet-isolated", Str(config["runtime"]?["name"]));
        Assert.Equal("10.0", Str(config["runtime"]?["version"]));
        Assert.Equal("blobContainer", Str(config["deployment"]?["storage"]?["type"]));
        Assert.Equal("UserAssignedIdentity", Str(config["deployment"]?["storage"]?["authentication"]?["type"]));
        Assert.Contains("'flex'", Str(module["condition"]) ?? "", StringComparison.Ordinal);

        var plan = Assert.Single(ResourcesOfType("Microsoft.Web/serverfarms"), p => ModuleOf(p) == module);
        Assert.Equal("FC1", Str(plan["sku"]?["name"]));

        // Nothing the flex module deploys, nor the settings handed to it, sets the worker runtime.
        Assert.DoesNotContain("FUNCTIONS_WORKER_RUNTIME", module.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Settings(module), s => s.Name.StartsWith("FUNCTIONS_", StringComparison.Ordinal));
    }

    [Fact]
    public void ConsumptionApp_SetsTheDotnetIsolatedWorkerRuntimeAndStack()
    {
        var site = Assert.Single(ResourcesOfType("Microsoft.Web/sites"), s => s["properties"]?["functionAppConfig"] is null);
        var module = ModuleOf(site);
        var settings = Settings(module);

        Assert.Contains("'consumption'", Str(module["condition"]) ?? "", StringComparison.Ordinal);
        Assert.Contains(("FUNCTIONS_WORKER_RUNTIME", "dotnet-isolated"), settings);
        Assert.Contains(("FUNCTIONS_EXTENSION_VERSION", "~4"), settings);
        Assert.Equal("DOTNET-ISOLATED|10.0", Str(site["properties"]?["siteConfig"]?["linuxFxVersion"]));

        var plan = Assert.Single(ResourcesOfType("Microsoft.Web/serverfarms"), p => ModuleOf(p) == module);
        Assert.Equal("Y1", Str(plan["sku"]?["name"]));

        // FUNCTIONS_WORKER_RUNTIME appears nowhere outside the consumption module.
        var outside = Root.DeepClone().AsObject();
        RemoveModule(outside, Str(module["name"])!);
        Assert.DoesNotContain("FUNCTIONS_WORKER_RUNTIME", outside.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void HostStorage_UsesTheManagedIdentityAndNoKeyAnywhere()
    {
        foreach (var site in ResourcesOfType("Microsoft.Web/sites"))
        {
            var settings = Settings(ModuleOf(site));
            foreach (var name in new[] { "blobServiceUri", "tableServiceUri", "queueServiceUri", "clientId" })
            {
                Assert.Contains(settings, s => s.Name == $"AzureWebJobsStorage__{name}");
            }

            Assert.Contains(("AzureWebJobsStorage__credential", "managedidentity"), settings);
            Assert.DoesNotContain(settings, s => s.Name == "AzureWebJobsStorage"); // the connection-string form
            Assert.DoesNotContain(settings, s => s.Value.Contains("AccountKey", StringComparison.OrdinalIgnoreCase));
        }

        var text = Text;
        Assert.DoesNotContain("AccountKey", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("listKeys(", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("SharedAccessKey", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void RoleAssignments_AreExactlyTheFiveRolesEachOnItsResource()
    {
        var assignments = ResourcesOfType("Microsoft.Authorization/roleAssignments");
        var granted = new List<string>();

        foreach (var assignment in assignments)
        {
            var roleDefinitionId = Str(assignment["properties"]?["roleDefinitionId"]) ?? "";
            var guid = Assert.Single(Guids().Matches(roleDefinitionId)).Value; // a literal role id, never a parameter
            Assert.True(AllowedRoles.ContainsKey(guid), $"role {guid} is not one of the five the app needs");
            granted.Add(guid);

            var scope = Str(assignment["scope"]);
            Assert.False(string.IsNullOrEmpty(scope), $"{AllowedRoles[guid]} must be scoped to a resource, not the resource group");
            Assert.Contains(RoleScopeTypes[guid], scope, StringComparison.OrdinalIgnoreCase);
            Assert.Equal("ServicePrincipal", Str(assignment["properties"]?["principalType"]));
        }

        Assert.Equal(AllowedRoles.Keys.Order(StringComparer.OrdinalIgnoreCase), granted.Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase));
        Assert.Equal(AllowedRoles.Count, granted.Count); // each exactly once
        Assert.DoesNotContain(OwnerRole, Text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(ContributorRole, Text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void KeyVault_UsesRbacSoftDeleteAndOptionalPurgeProtection()
    {
        var vault = Assert.Single(ResourcesOfType("Microsoft.KeyVault/vaults"));
        var properties = vault["properties"]!;

        Assert.True(Bool(properties["enableRbacAuthorization"]) ?? false, "enableRbacAuthorization must be true");
        Assert.True(Bool(properties["enableSoftDelete"]) ?? false, "enableSoftDelete must be true");
        Assert.Null(properties["accessPolicies"]);
        Assert.Contains("parameters(", Str(properties["enablePurgeProtection"]) ?? "", StringComparison.Ordinal);
        Assert.True((bool?)Root["parameters"]?["keyVaultEnablePurgeProtection"]?["defaultValue"]);
    }

    [Fact]
    public void ProviderCredentials_AreSecretsOnlyWhenGivenAndReachTheAppAsKeyVaultReferences()
    {
        var secrets = ResourcesOfType("Microsoft.KeyVault/vaults/secrets");
        Assert.Equal(6, secrets.Count);
        Assert.All(secrets, secret => Assert.Contains("empty(", Str(secret["condition"]) ?? "", StringComparison.Ordinal));

        var credentialParameters = new[] { "clickSendUsername", "clickSendApiKey", "serwerSmsToken", "serwerSmsUsername", "serwerSmsPassword", "clipsanKey" };
        Assert.All(credentialParameters, name =>
        {
            Assert.Equal("securestring", Str(Root["parameters"]?[name]?["type"]));
            Assert.Equal("", Str(Root["parameters"]?[name]?["defaultValue"]));
        });

        var settings = Settings(Root);
        foreach (var name in new[] { "ClickSend__Username", "ClickSend__ApiKey", "SerwerSms__Token", "SerwerSms__Username", "SerwerSms__Password", "Clipsan__Key" })
        {
            var setting = Assert.Single(settings.Where(s => s.Name == name).Distinct());
            Assert.Contains("@Microsoft.KeyVault(SecretUri=", setting.Value, StringComparison.Ordinal);
        }

        // A credential value never lands anywhere but in its secret: each secure parameter is only
        // tested with empty(), passed on to the Key Vault module, or written as a secret's value.
        foreach (var name in credentialParameters)
        {
            var reference = $"parameters('{name}')";
            foreach (var use in Descendants(Root).OfType<JsonValue>().Where(v => Str(v)?.Contains(reference, StringComparison.Ordinal) == true))
            {
                var expression = Str(use)!;
                if (!expression.Replace($"empty({reference})", "", StringComparison.Ordinal).Contains(reference, StringComparison.Ordinal))
                {
                    continue;
                }

                var path = use.GetPath();
                var passedToModule = path.EndsWith($".properties.parameters.{name}.value", StringComparison.Ordinal)
                    || path.EndsWith($".properties.parameters['{name}'].value", StringComparison.Ordinal);
                var secretValue = path.EndsWith(".properties.value", StringComparison.Ordinal)
                    && Str(use.Parent?.Parent?["type"]) == "Microsoft.KeyVault/vaults/secrets";
                Assert.True(expression == $"[{reference}]" && (passedToModule || secretValue),
                    $"the secure parameter {name} is used at {path}: {expression}");
            }
        }
    }

    [Fact]
    public void ApplicationInsights_AcceptsOnlyEntraAuthenticatedTelemetry()
    {
        var component = Assert.Single(ResourcesOfType("Microsoft.Insights/components"));
        Assert.True(Bool(component["properties"]?["DisableLocalAuth"]) ?? false, "DisableLocalAuth must be true");
        Assert.NotNull(component["properties"]?["WorkspaceResourceId"]);
        Assert.Single(ResourcesOfType("Microsoft.OperationalInsights/workspaces"));

        var settings = Settings(Root);
        Assert.Contains(settings, s => s.Name == "APPLICATIONINSIGHTS_CONNECTION_STRING");
        var authentication = Assert.Single(settings.Where(s => s.Name == "APPLICATIONINSIGHTS_AUTHENTICATION_STRING").Distinct());
        Assert.Contains("Authorization=AAD", authentication.Value, StringComparison.Ordinal);
        Assert.Contains("ClientId=", authentication.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Outputs_NameTheAppItsUrlsAndTheConnectorExportCommand()
    {
        var outputs = Root["outputs"]!.AsObject();
        foreach (var name in new[] { "functionAppName", "defaultHostName", "baseUrl", "swaggerUrl", "connectorExportCommand" })
        {
            Assert.Equal("string", Str(outputs[name]?["type"]));
        }

        Assert.Contains("'https://{0}/api'", Str(outputs["baseUrl"]?["value"]), StringComparison.Ordinal);
        Assert.Contains("'https://{0}/api/swagger/ui'", Str(outputs["swaggerUrl"]?["value"]), StringComparison.Ordinal);
        Assert.Contains("'dotnet run --project src/MessagingConnectors.ApiExport -- --host {0}'",
            Str(outputs["connectorExportCommand"]?["value"]), StringComparison.Ordinal);
    }

    [Fact]
    public void ParametersFile_SetsOnlyDeclaredParametersAndPlanKindOffersBothPlans()
    {
        var file = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot, "infra", "main.parameters.json")))!;
        var declared = Root["parameters"]!.AsObject();

        Assert.All(file["parameters"]!.AsObject(), p => Assert.True(declared.ContainsKey(p.Key), $"main.parameters.json sets undeclared parameter {p.Key}"));
        Assert.Equal(["flex", "consumption"], declared["planKind"]!["allowedValues"]!.AsArray().Select(Str));
        Assert.Equal("flex", Str(declared["planKind"]!["defaultValue"]));
    }

    private static void RemoveModule(JsonNode node, string moduleName)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj.ToList())
                {
                    if (child is JsonObject resource && Str(resource["type"]) == "Microsoft.Resources/deployments" && Str(resource["name"]) == moduleName)
                    {
                        obj.Remove(key);
                    }
                    else if (child is not null)
                    {
                        RemoveModule(child, moduleName);
                    }
                }

                break;
            case JsonArray array:
                foreach (var child in array.ToList())
                {
                    if (child is JsonObject resource && Str(resource["type"]) == "Microsoft.Resources/deployments" && Str(resource["name"]) == moduleName)
                    {
                        array.Remove(child);
                    }
                    else if (child is not null)
                    {
                        RemoveModule(child, moduleName);
                    }
                }

                break;
        }
    }

    [GeneratedRegex(@"^\[parameters\('(?<name>\w+)'\)\]$")]
    private static partial Regex ParameterReference();

    [GeneratedRegex("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex Guids();
}
