// Azure infrastructure for the Messaging Connectors function app (.NET isolated worker; see infra/README.md).
// One resource group holds: a user-assigned identity, a storage account (host state, deployment
// package, media with a retention rule, tables), a Key Vault for the fallback provider
// credentials, Log Analytics + Application Insights, and the function app on Flex Consumption
// (or on the older Consumption plan where Flex is not offered). Nothing uses a key or a
// connection string with a secret: every service is reached with the managed identity.

targetScope = 'resourceGroup'

@description('Short name used in every resource name: 3-11 lowercase letters and digits.')
@minLength(3)
@maxLength(11)
param baseName string = 'msgconn'

@description('Azure region for all resources. Defaults to the resource group\'s region.')
param location string = resourceGroup().location

@description('Hosting plan: "flex" = Flex Consumption (FC1, recommended); "consumption" = Linux Consumption (Y1) for regions without Flex Consumption.')
@allowed([
  'flex'
  'consumption'
])
param planKind string = 'flex'

@description('Days an uploaded media file is kept before the lifecycle rule deletes it. The app gets the same value as Media__RetentionDays.')
@minValue(1)
@maxValue(3650)
param mediaRetentionDays int = 7

@description('Flex Consumption only: most instances the app may scale out to.')
@minValue(40)
@maxValue(1000)
param flexMaximumInstanceCount int = 100

@description('Flex Consumption only: memory per instance, in MB.')
@allowed([
  512
  2048
  4096
])
param flexInstanceMemoryMB int = 2048

@description('Key Vault purge protection. Recommended on for production; once on it cannot be turned off, and the vault name stays reserved for the soft-delete period after deletion.')
param keyVaultEnablePurgeProtection bool = true

@description('Days a deleted Key Vault or secret can be recovered (7-90).')
@minValue(7)
@maxValue(90)
param keyVaultSoftDeleteRetentionInDays int = 90

@description('Days Log Analytics keeps logs.')
@minValue(30)
@maxValue(730)
param logRetentionInDays int = 30

@description('Tags for every resource.')
param tags object = {}

// Fallback provider credentials for single-tenant installs. Each one given becomes a Key Vault
// secret and an app setting that references it; each one left empty creates neither.

@secure()
@description('ClickSend username (app setting ClickSend__Username). Empty: not set.')
param clickSendUsername string = ''

@secure()
@description('ClickSend API key (app setting ClickSend__ApiKey). Empty: not set.')
param clickSendApiKey string = ''

@secure()
@description('SerwerSMS API token (app setting SerwerSms__Token). Empty: not set.')
param serwerSmsToken string = ''

@secure()
@description('SerwerSMS username (app setting SerwerSms__Username). Empty: not set.')
param serwerSmsUsername string = ''

@secure()
@description('SerwerSMS password (app setting SerwerSms__Password). Empty: not set.')
param serwerSmsPassword string = ''

@secure()
@description('Clipsan API key (app setting Clipsan__Key). Empty: not set.')
param clipsanKey string = ''

var suffix = uniqueString(subscription().id, resourceGroup().id, baseName)
var identityName = 'id-${baseName}-${suffix}'
var functionAppName = 'func-${baseName}-${suffix}'
var deploymentContainerName = 'app-package'
var packageBlobName = 'functionapp.zip'
var tableNames = [
  'Idempotency'
  'Subscriptions'
  'InboundMessages'
  'Deliveries'
  'SerwerSmsReportTrigger'
]

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: {
    name: identityName
    location: location
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    workspaceName: 'log-${baseName}-${suffix}'
    appInsightsName: 'appi-${baseName}-${suffix}'
    location: location
    tags: tags
    retentionInDays: logRetentionInDays
    appIdentityName: identityName
  }
  // The identity is referenced by name (known before deployment), so the order is explicit.
  dependsOn: [
    identity
  ]
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    name: take('st${baseName}${suffix}', 24)
    location: location
    tags: tags
    deploymentContainerName: deploymentContainerName
    mediaRetentionDays: mediaRetentionDays
    tableNames: tableNames
    appIdentityName: identityName
  }
  // The identity is referenced by name (known before deployment), so the order is explicit.
  dependsOn: [
    identity
  ]
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyVault'
  params: {
    name: 'kv-${baseName}-${take(suffix, 8)}'
    location: location
    tags: tags
    softDeleteRetentionInDays: keyVaultSoftDeleteRetentionInDays
    enablePurgeProtection: keyVaultEnablePurgeProtection
    appIdentityName: identityName
    clickSendUsername: clickSendUsername
    clickSendApiKey: clickSendApiKey
    serwerSmsToken: serwerSmsToken
    serwerSmsUsername: serwerSmsUsername
    serwerSmsPassword: serwerSmsPassword
    clipsanKey: clipsanKey
  }
  // The identity is referenced by name (known before deployment), so the order is explicit.
  dependsOn: [
    identity
  ]
}

// Identity-based host storage: service URIs plus the managed identity, never an account key.
var storageSettings = [
  {
    name: 'AzureWebJobsStorage__blobServiceUri'
    value: storage.outputs.blobEndpoint
  }
  {
    name: 'AzureWebJobsStorage__tableServiceUri'
    value: storage.outputs.tableEndpoint
  }
  {
    name: 'AzureWebJobsStorage__queueServiceUri'
    value: storage.outputs.queueEndpoint
  }
  {
    name: 'AzureWebJobsStorage__credential'
    value: 'managedidentity'
  }
  {
    name: 'AzureWebJobsStorage__clientId'
    value: identity.outputs.clientId
  }
]

// App Insights accepts only Entra-authenticated telemetry (DisableLocalAuth), sent as the identity.
var monitoringSettings = [
  {
    name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
    value: monitoring.outputs.appInsightsConnectionString
  }
  {
    name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING'
    value: 'ClientId=${identity.outputs.clientId};Authorization=AAD'
  }
]

var appOwnSettings = [
  {
    name: 'Media__RetentionDays'
    value: string(mediaRetentionDays)
  }
]

// A Key Vault reference for each credential that was given (its secret exists only then),
// resolved by the platform with the app identity (keyVaultReferenceIdentity).
var secretsUri = '${keyVault.outputs.vaultUri}secrets/'
var credentialSettings = concat(
  empty(clickSendUsername)
    ? []
    : [
        {
          name: 'ClickSend__Username'
          value: '@Microsoft.KeyVault(SecretUri=${secretsUri}ClickSend--Username/)'
        }
      ],
  empty(clickSendApiKey)
    ? []
    : [
        {
          name: 'ClickSend__ApiKey'
          value: '@Microsoft.KeyVault(SecretUri=${secretsUri}ClickSend--ApiKey/)'
        }
      ],
  empty(serwerSmsToken)
    ? []
    : [
        {
          name: 'SerwerSms__Token'
          value: '@Microsoft.KeyVault(SecretUri=${secretsUri}SerwerSms--Token/)'
        }
      ],
  empty(serwerSmsUsername)
    ? []
    : [
        {
          name: 'SerwerSms__Username'
          value: '@Microsoft.KeyVault(SecretUri=${secretsUri}SerwerSms--Username/)'
        }
      ],
  empty(serwerSmsPassword)
    ? []
    : [
        {
          name: 'SerwerSms__Password'
          value: '@Microsoft.KeyVault(SecretUri=${secretsUri}SerwerSms--Password/)'
        }
      ],
  empty(clipsanKey)
    ? []
    : [
        {
          name: 'Clipsan__Key'
          value: '@Microsoft.KeyVault(SecretUri=${secretsUri}Clipsan--Key/)'
        }
      ]
)

var appSettings = concat(storageSettings, monitoringSettings, appOwnSettings, credentialSettings)

module flexApp 'modules/functionapp-flex.bicep' = if (planKind == 'flex') {
  name: 'functionAppFlex'
  params: {
    name: functionAppName
    planName: 'plan-${baseName}-${suffix}'
    location: location
    tags: tags
    identityId: identity.outputs.id
    deploymentContainerUrl: '${storage.outputs.blobEndpoint}${deploymentContainerName}'
    maximumInstanceCount: flexMaximumInstanceCount
    instanceMemoryMB: flexInstanceMemoryMB
    appSettings: appSettings
  }
}

module consumptionApp 'modules/functionapp-consumption.bicep' = if (planKind == 'consumption') {
  name: 'functionAppConsumption'
  params: {
    name: functionAppName
    planName: 'plan-${baseName}-${suffix}'
    location: location
    tags: tags
    identityId: identity.outputs.id
    packageUrl: '${storage.outputs.blobEndpoint}${deploymentContainerName}/${packageBlobName}'
    appSettings: appSettings
  }
}

var hostName = planKind == 'flex' ? flexApp!.outputs.defaultHostName : consumptionApp!.outputs.defaultHostName

@description('Name of the function app.')
output functionAppName string = planKind == 'flex' ? flexApp!.outputs.name : consumptionApp!.outputs.name

@description('Default host name of the function app.')
output defaultHostName string = hostName

@description('Base URL of the API (every route lives under /api).')
output baseUrl string = 'https://${hostName}/api'

@description('Swagger UI of the deployed API.')
output swaggerUrl string = 'https://${hostName}/api/swagger/ui'

@description('Writes connector/<provider>/ for this host; run it from the repository root.')
output connectorExportCommand string = 'dotnet run --project src/MessagingConnectors.ApiExport -- --host ${hostName}'

@description('Hosting plan kind that was deployed.')
output planKind string = planKind

@description('Storage account name (Consumption deployments upload the package here).')
output storageAccountName string = storage.outputs.name

@description('Blob container that holds the deployment package.')
output deploymentContainerName string = deploymentContainerName

@description('Consumption plan only: name of the blob the app runs from; upload functionapp.zip under this name.')
output packageBlobName string = planKind == 'consumption' ? packageBlobName : ''

@description('Key Vault holding the provider credentials.')
output keyVaultName string = keyVault.outputs.name

@description('Application Insights component.')
output appInsightsName string = monitoring.outputs.appInsightsName
