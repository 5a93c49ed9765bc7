// Key Vault for the single-tenant fallback provider credentials. Access is by Azure RBAC only
// (no access policies); the app identity may read secrets in this vault and nothing else.
// A secret is created only when its value is given: an empty parameter means no secret, and
// main.bicep then adds no app setting for it.

@description('Key Vault name: 3-24 letters, digits and hyphens, globally unique.')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region.')
param location string

@description('Tags for every resource.')
param tags object

@description('Days a deleted vault or secret can be recovered (7-90).')
@minValue(7)
@maxValue(90)
param softDeleteRetentionInDays int

@description('Purge protection: once on, it cannot be turned off, and a deleted vault keeps its name reserved until the retention period ends.')
param enablePurgeProtection bool

@description('Name of the app\'s user-assigned identity (same resource group), which reads the secrets.')
param appIdentityName string

resource appIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' existing = {
  name: appIdentityName
}

@secure()
@description('ClickSend username (secret ClickSend--Username). Empty: no secret.')
param clickSendUsername string

@secure()
@description('ClickSend API key (secret ClickSend--ApiKey). Empty: no secret.')
param clickSendApiKey string

@secure()
@description('SerwerSMS API token (secret SerwerSms--Token). Empty: no secret.')
param serwerSmsToken string

@secure()
@description('SerwerSMS username (secret SerwerSms--Username). Empty: no secret.')
param serwerSmsUsername string

@secure()
@description('SerwerSMS password (secret SerwerSms--Password). Empty: no secret.')
param serwerSmsPassword string

@secure()
@description('Clipsan API key (secret Clipsan--Key). Empty: no secret.')
param clipsanKey string

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: softDeleteRetentionInDays
    // The service rejects false once purge protection exists, so "off" is expressed by leaving it unset.
    enablePurgeProtection: enablePurgeProtection ? true : null
    enabledForDeployment: false
    enabledForDiskEncryption: false
    enabledForTemplateDeployment: false
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }
}

resource clickSendUsernameSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(clickSendUsername)) {
  parent: vault
  name: 'ClickSend--Username'
  properties: {
    value: clickSendUsername
  }
}

resource clickSendApiKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(clickSendApiKey)) {
  parent: vault
  name: 'ClickSend--ApiKey'
  properties: {
    value: clickSendApiKey
  }
}

resource serwerSmsTokenSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(serwerSmsToken)) {
  parent: vault
  name: 'SerwerSms--Token'
  properties: {
    value: serwerSmsToken
  }
}

resource serwerSmsUsernameSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(serwerSmsUsername)) {
  parent: vault
  name: 'SerwerSms--Username'
  properties: {
    value: serwerSmsUsername
  }
}

resource serwerSmsPasswordSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(serwerSmsPassword)) {
  parent: vault
  name: 'SerwerSms--Password'
  properties: {
    value: serwerSmsPassword
  }
}

resource clipsanKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(clipsanKey)) {
  parent: vault
  name: 'Clipsan--Key'
  properties: {
    value: clipsanKey
  }
}

// Key Vault Secrets User, scoped to this vault: read secret values, nothing else.
resource secretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, appIdentity.id, '4633458b-17de-408a-b874-0445c86b69e6')
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId(
      'Microsoft.Authorization/roleDefinitions',
      '4633458b-17de-408a-b874-0445c86b69e6'
    )
    principalId: appIdentity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

output name string = vault.name
output vaultUri string = vault.properties.vaultUri
