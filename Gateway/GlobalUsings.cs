// The namespaces nearly every gateway file uses: the HTTP abstractions, options, and the gateway's own layers.
global using Microsoft.AspNetCore.Http;
global using Microsoft.Extensions.Options;
global using Orleans.Multipart.Gateway.Core;
global using Orleans.Multipart.Gateway.Documents;
global using Orleans.Multipart.Gateway.Pipeline;

// Transitional: throw sites still name the former WireError, now the one MultipartError list; they move to the catalogue's factories next.
global using WireError = Orleans.Multipart.MultipartError;
