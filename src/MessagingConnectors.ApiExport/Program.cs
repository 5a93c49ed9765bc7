using MessagingConnectors.ApiExport;

return Export.Run(args);
