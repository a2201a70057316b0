; Inno Setup script for Galley on Windows: installs the PyInstaller one-folder build.
;
; Build the folder on Windows first (Python 3.11+, from the checkout's top folder):
;   py -3.11 -m venv .venv-win
;   .venv-win\Scripts\python -m pip install . -r packaging\pyinstaller\requirements.txt
;   .venv-win\Scripts\python -m PyInstaller --noconfirm --distpath dist packaging\pyinstaller\galley.spec
; then compile this script (Inno Setup 6.3 or newer):
;   iscc packaging\windows\galley.iss         -> dist\galley-<version>-setup.exe
;
; Not built or tested yet: this machine runs Linux. See packaging/README.md.

#define AppId "io.github.galley.Galley"
#define AppName "Galley"
; Keep in step with editor/__init__.py (tests/test_packaging.py checks it).
#define AppVersion "0.1.0"
#define AppPublisher "The Galley developers"
#define AppURL "https://github.com/galley/galley"
; galleyw.exe is the windowed program (Start menu, files); galley.exe the command line.
#define AppExe "galleyw.exe"
#define ProgId "Galley.Project"

[Setup]
; Inno Setup's key for upgrades and uninstall: the application id, like everywhere else.
AppId={#AppId}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppPublisher}
AppPublisherURL={#AppURL}
AppSupportURL={#AppURL}/issues
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
LicenseFile=..\..\LICENSE
OutputDir=..\..\dist
OutputBaseFilename=galley-{#AppVersion}-setup
SetupIconFile=..\..\resources\icons\{#AppId}.ico
UninstallDisplayIcon={app}\{#AppExe}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; 64-bit Python and Qt only.
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; Per-user install without administrator rights unless the user asks for all users.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ChangesAssociations=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked
Name: "associate"; Description: "Open Galley projects (.galley.json) with Galley"; GroupDescription: "File types:"

[Files]
; The whole PyInstaller folder: galley.exe and _internal\ (Python, Qt, resources, plugins).
Source: "..\..\dist\galley\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"; AppUserModelID: "{#AppId}"; Comment: "Correct, annotate and export speech-to-text transcripts"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; AppUserModelID: "{#AppId}"; Tasks: desktopicon

[Registry]
; Windows takes a file's extension from its last dot, so "show.galley.json" is a ".json"
; file to it: Galley registers a ProgID for its projects and offers it under "Open with"
; for .json (never taking .json over as the default). Removed on uninstall.
Root: HKA; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "Galley Project"; Flags: uninsdeletekey; Tasks: associate
Root: HKA; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"; Tasks: associate
Root: HKA; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""; Tasks: associate
Root: HKA; Subkey: "Software\Classes\.json\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue; Tasks: associate
; Transcripts Galley opens, offered under "Open with" (never made the default).
Root: HKA; Subkey: "Software\Classes\.srt\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue; Tasks: associate
Root: HKA; Subkey: "Software\Classes\.vtt\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue; Tasks: associate
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".json"; ValueData: ""; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".srt"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".vtt"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".txt"; ValueData: ""

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
