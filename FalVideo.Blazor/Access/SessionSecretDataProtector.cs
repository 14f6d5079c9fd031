using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;

namespace FalVideo.Blazor.Access;

/// <summary>
/// Protects the session cookie with AES-GCM under a key derived (HKDF-SHA256) from SESSION_SECRET and the purpose
/// chain, so a login survives restarts and any copy of the app with the same secret accepts it. Tampered or foreign
/// payloads fail authentication and are rejected.
/// </summary>
public sealed class SessionSecretDataProtector : IDataProtector
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private static readonly byte[] Salt = Encoding.UTF8.GetBytes("FalVideo.SessionSecret.v1");

    private readonly byte[] _secret;
    private readonly string _purpose;
    private readonly byte[] _key;

    public SessionSecretDataProtector(byte[] secret, string purpose)
    {
        _secret = secret;
        _purpose = purpose;
        _key = HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 32, Salt, Encoding.UTF8.GetBytes(purpose));
    }

    public IDataProtector CreateProtector(string purpose) => new SessionSecretDataProtector(_secret, $"{_purpose}/{purpose}");

    public byte[] Protect(byte[] plaintext)
    {
        var output = new byte[NonceSize + TagSize + plaintext.Length];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, plaintext, output.AsSpan(NonceSize + TagSize), output.AsSpan(NonceSize, TagSize));
        return output;
    }

    public byte[] Unprotect(byte[] protectedData)
    {
        if (protectedData.Length < NonceSize + TagSize) throw new CryptographicException("The protected payload is too short.");
        var plaintext = new byte[protectedData.Length - NonceSize - TagSize];
        using var aes = new AesGcm(_key, TagSize);
        aes.Decrypt(protectedData.AsSpan(0, NonceSize), protectedData.AsSpan(NonceSize + TagSize), protectedData.AsSpan(NonceSize, TagSize), plaintext);
        return plaintext;
    }
}
