// The namespaces nearly every gateway file uses: the HTTP abstractions, options, and the gateway's own layers.
global using Microsoft.AspNetCore.Http;
global using Microsoft.Extensions.Options;
global using Orleans.Multipart.Gateway.Core;
global using Orleans.Multipart.Gateway.Documents;
global using Orleans.Multipart.Gateway.Pipeline;
