; Signet's additions to electron-builder's NSIS installer (electron-builder.yml,
; nsis.include). "Send to > Seal with Signet" for any file: Windows passes the chosen
; files after the shortcut's own argument, so Signet starts as `Signet.exe --seal FILE…`
; and puts them into the seal step (src/main/app/launchRequest.ts). The .signet and
; .signet-trust associations ("Open with Signet") come from fileAssociations.

!macro customInstall
  CreateShortCut "$SENDTO\Seal with Signet.lnk" "$INSTDIR\${APP_EXECUTABLE_FILENAME}" "--seal" "$INSTDIR\${APP_EXECUTABLE_FILENAME}" 0
!macroend

!macro customUnInstall
  Delete "$SENDTO\Seal with Signet.lnk"
!macroend
