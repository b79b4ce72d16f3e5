; Placement Journal: per-user Windows installer (Inno Setup 6). No admin rights needed.
;
; Built by packaging\build.py --installer (or packaging\windows\build.ps1 -Installer), which passes
; the version, the one-folder build and the icon:
;   iscc /DAppVersion=0.1.0 /DSourceDir=..\..\dist\PlacementJournal /DIconFile=..\..\build\icons\app.ico
;        /O..\..\dist placement-journal.iss
;
; Installs into %LOCALAPPDATA%\Programs\Placement Journal, adds a Start-menu shortcut (and
; optionally a desktop one) and an uninstaller listed in Settings > Apps, all for the current
; user only. Journals live elsewhere (%LOCALAPPDATA%\PlacementJournal) and are never removed.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#ifndef SourceDir
  #define SourceDir "..\..\dist\PlacementJournal"
#endif
#ifndef IconFile
  #define IconFile "..\..\build\icons\app.ico"
#endif
#define AppName "Placement Journal"
#define AppExe "PlacementJournal.exe"

[Setup]
; The AppId ties upgrades and the uninstaller together: never change it.
AppId={{64BC6842-3DED-461A-9C82-0A25493B967F}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Placement Journal contributors
AppComments=An offline, encrypted reflective journal for work placements.
VersionInfoVersion={#AppVersion}
; Per-user: no UAC prompt, nothing under Program Files or HKLM.
PrivilegesRequired=lowest
DefaultDirName={localappdata}\Programs\{#AppName}
DisableDirPage=auto
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
UsePreviousAppDir=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputBaseFilename=PlacementJournal-{#AppVersion}-setup
SetupIconFile={#IconFile}
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; Close a running copy before replacing its files; the app saves on close.
CloseApplications=yes
RestartApplications=no
; Double-clicking a .pjournal file opens it (per-user file association, HKCU only).
ChangesAssociations=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An upgrade replaces the program's libraries whole, so no stale file from an older version lingers.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
; The program only: a portable marker or portable data folder in the build is never installed.
Source: "{#SourceDir}\*"; DestDir: "{app}"; Excludes: "\portable.txt,\PlacementJournalData\*"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "Your placement journal"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Registry]
Root: HKCU; Subkey: "Software\Classes\.pjournal"; ValueType: string; ValueName: ""; ValueData: "PlacementJournal.Journal"; Flags: uninsdeletevalue
Root: HKCU; Subkey: "Software\Classes\PlacementJournal.Journal"; ValueType: string; ValueName: ""; ValueData: "Placement journal (encrypted)"; Flags: uninsdeletekey
Root: HKCU; Subkey: "Software\Classes\PlacementJournal.Journal\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"
Root: HKCU; Subkey: "Software\Classes\PlacementJournal.Journal\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
