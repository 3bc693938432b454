namespace Orleans.Multipart.Runtime;

/// <summary>Hands out references to virtual actors. A reference is cheap and always valid: the activation is created on first call.</summary>
public interface IGrainFactory
{
    TGrain GetGrain<TGrain>(string key) where TGrain : IGrainWithStringKey;
}
