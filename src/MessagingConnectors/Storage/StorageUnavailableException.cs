namespace MessagingConnectors.Storage;

/// <summary>Raised when Table or Blob storage cannot be reached, so the caller gets 503 and nothing half-done.</summary>
public sealed class StorageUnavailableException(string detail, Exception? inner = null) : Exception(detail, inner);
