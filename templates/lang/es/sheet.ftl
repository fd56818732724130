# Todo lo que rx imprime en una hoja o un folleto en español. Mismos identificadores que
# templates/lang/en/sheet.ftl (vea allí la sintaxis). Trato de usted, español
# neutro de América Latina, como en las clínicas de EE. UU.

## El documento

doc-title = Programa de ejercicios en casa – { $name }
combined-title = Programas de ejercicios en casa – { $count ->
    [one] 1 paciente
   *[other] { $count } pacientes
}
title = Ejercicios en casa para { $name }
dates-span = Haga estos ejercicios desde el { $issued } hasta su cita de seguimiento del { $review }.
day-minutes = { $minutes ->
    [one] Le llevará alrededor de 1 minuto al día.
   *[other] Le llevará alrededor de { $minutes } minutos al día.
}
page = Página { $number } de { $total }
intentionally-blank = Esta página se dejó en blanco intencionalmente

## Recuadros y etiquetas

notes-label = Notas de su terapeuta:
safety-title = Para su seguridad
why-label = Por qué le ayuda:
care-label = Precauciones:
tip-label = Consejo:
# El tiempo de un paso, tras «durante» (marcador `{hold}` del catálogo): «20 segundos».
step-hold = { $seconds } { $seconds ->
    [one] segundo
   *[other] segundos
  }
therapist-says = Su terapeuta le indica:
# Over the rest of an exercise that goes on to the next page: "3.  Pelvic tilt (continued)".
exercise-continued = { $name } (continuación)
starting-position = Posición inicial
video-label = Escanee el código para ver un video
# What a screen reader says for an exercise's figure (its /Alt), and for its
# video code: "Drawing: Knee to chest".
figure-alt = Dibujo: { $name }
video-alt = Video de { $name }: código QR
figure-key = En las imágenes: el gris muestra dónde empieza, el negro dónde termina y la flecha, el movimiento. Solo con contorno: lo que usted usa, o el brazo o la pierna que trabaja y queda más lejos en el dibujo.
fallback-note = Este ejercicio está en inglés porque todavía no tiene traducción al español.
signature = Firma de su terapeuta
signature-date = Fecha

## La clínica y a quién llamar

clinic-phone = Teléfono { $phone }
contact-your-clinic = su clínica
contact-phone-email = ¿Tiene preguntas? Llame a { $who } al { $phone } o escriba un correo electrónico a { $email }.
contact-phone = ¿Tiene preguntas? Llame a { $who } al { $phone }.
contact-email = ¿Tiene preguntas? Escriba a { $who } al correo electrónico { $email }.

## Dosis: "1 serie de 10 repeticiones · sostenga 10 segundos · de cada lado · una vez al día"

dose-sets = { $sets ->
    [1] { $reps ->
        [1] una vez
       *[other] { $reps } veces
      }
   *[other] { $sets } series de { $reps } { $reps ->
        [one] repetición
       *[other] repeticiones
      }
  }
dose-each-side = { $reps ->
    [1] una vez de cada lado
   *[other] { $reps } veces de cada lado
  }
dose-hold = sostenga { $seconds } { $seconds ->
    [one] segundo
   *[other] segundos
  }
# Un tiempo en movimiento: "durante 2 minutos".
dose-minutes = durante { $minutes } { $minutes ->
    [one] minuto
   *[other] minutos
  }
side-both = de cada lado
side-alternate = alternando los lados
side-left = solo el lado izquierdo
side-right = solo el lado derecho
per-day = { $times ->
    [1] una vez al día
   *[other] { $times } veces al día
  }
per-week = { $days ->
    [7] todos los días
    [1] una vez a la semana
   *[other] { $days } días a la semana
  }

## La dosis corta del registro: "3 × 10 · sostenga 10 s · cada lado · 2 veces al día"

short-reps = { $reps } { $reps ->
    [one] repetición
   *[other] repeticiones
  }
short-sets = { $sets } × { $reps }
short-hold = sostenga { $seconds } s
short-minutes = { $minutes } min
short-both = cada lado
short-alternate = alternando
short-left = solo lado izquierdo
short-right = solo lado derecho
tick-days = { $frequency }: marque los días

## El registro

log-title = Registro de ejercicios
log-intro = Marque una casilla cada vez que haga el ejercicio. Cada día, anote cuánto dolor tuvo, de 0 (nada de dolor) a 10 (el peor dolor). Traiga esta hoja a su cita de seguimiento.
log-week = Semana { $week }
log-weeks = Semanas { $first }–{ $last }
log-band = { $weeks } · del { $start } al { $end }
log-continued = { $label } (continuación)
log-pain = Dolor hoy (0–10)
log-comments = Comentarios:
log-week-comments = Comentarios de la semana { $week }:

## Fechas: "domingo 22 de noviembre de 2026", "22 nov 2026"

date-long = { $weekday } { $day } de { $month } de { $year }
date-short = { $day } { $month } { $year }
day-1 = lunes
day-2 = martes
day-3 = miércoles
day-4 = jueves
day-5 = viernes
day-6 = sábado
day-7 = domingo
day-short-1 = lun
day-short-2 = mar
day-short-3 = mié
day-short-4 = jue
day-short-5 = vie
day-short-6 = sáb
day-short-7 = dom
month-1 = enero
month-2 = febrero
month-3 = marzo
month-4 = abril
month-5 = mayo
month-6 = junio
month-7 = julio
month-8 = agosto
month-9 = septiembre
month-10 = octubre
month-11 = noviembre
month-12 = diciembre
month-short-1 = ene
month-short-2 = feb
month-short-3 = mar
month-short-4 = abr
month-short-5 = may
month-short-6 = jun
month-short-7 = jul
month-short-8 = ago
month-short-9 = sep
month-short-10 = oct
month-short-11 = nov
month-short-12 = dic

## El folleto (rx catalogue --format pdf): la referencia de la clínica

booklet-title = Catálogo de ejercicios
booklet-about = Contiene los consejos de seguridad y las rutinas iniciales y, después, { $count } { $count ->
    [one] ejercicio
   *[other] ejercicios
  }, cada uno con todo lo que aparece en la hoja del paciente, la prescripción de cada fuente, los límites con los que se verifica un plan y el origen de cada límite, y notas para profesionales. Impreso el { $date }.
booklet-page = Catálogo de ejercicios · página { $number } de { $total }
booklet-from = según { $sources }
booklet-and = { $first } y { $last }
booklet-safety-title = Consejos de seguridad
booklet-safety-intro = Se imprimen en el recuadro "{ $box }" de cada hoja, en este orden.
booklet-safety-line = { $text } ({ $source }.)
booklet-sources-title = Fuentes
booklet-sources-intro = De dónde vienen los datos del catálogo. Una copia es la copia de la página del editor en otro sitio; las hojas nunca imprimen su dirección.
booklet-source = { $id }: "{ $title }".
booklet-source-publisher = Editor: { $publisher }.
booklet-source-page = Página: { $url }.
booklet-source-seen-whole = Leída completa
booklet-source-seen-excerpt = Leída en parte (un extracto)
booklet-source-seen-copy = Leída en una copia
booklet-source-on = el { $date }
booklet-source-seen-at = Leída en (una copia): { $url }.
booklet-source-not-known = No se sabe: { $text }.
booklet-only-daily = Solo en hojas donde todos los ejercicios se hacen todos los días.
booklet-only-not-daily = Solo en hojas donde algún ejercicio no se hace todos los días.
booklet-routine-title = Rutina inicial: { $name }
booklet-routine-intro = Para crear un plan con esta rutina: rx new plan.toml --routine { $id }. Dosis { $source }: las que indica el propio artículo, en el extremo inferior de sus rangos.
booklet-id = Identificador:
booklet-aliases = Otros nombres:
booklet-position = Posición inicial:
booklet-figure-note = Sobre la imagen:
booklet-dose = Dosis recomendada:
booklet-notes-title = Notas para profesionales: { $name }
booklet-prescriptions-title = Prescripción de cada fuente: { $name }
booklet-each-side = { $reps } { $most ->
    [one] vez
   *[other] veces
  } de cada lado
booklet-alternating = { $reps } { $most ->
    [one] vez
   *[other] veces
  }, alternando los lados
booklet-times = { $reps } { $most ->
    [one] vez
   *[other] veces
  }
booklet-p-sets = { $range } { $most ->
    [one] serie
   *[other] series
  }
booklet-p-per-day = { $range } { $most ->
    [one] vez
   *[other] veces
  } al día
booklet-p-per-week = { $range } { $most ->
    [one] día
   *[other] días
  } a la semana
booklet-minutes = durante { $range } { $most ->
    [one] minuto
   *[other] minutos
  }
booklet-no-hold = sin sostener
booklet-hold = sostener { $seconds } { $most ->
    [one] segundo
   *[other] segundos
  }
booklet-prescription = { $summary }, { $source }.
booklet-source-note = La fuente dice: { $note }.
booklet-reading = Nuestra interpretación: { $reading }.
booklet-starts-from = Los datos que falten en un plan se toman de esta prescripción.
booklet-our-default = nuestro valor predeterminado
booklet-limits-title = Límites: { $name }
booklet-sets = Series:
booklet-reps = Repeticiones:
booklet-hold-label = Sostener:
booklet-per-day = Veces al día:
booklet-per-week = Días a la semana:
booklet-minutes-label = Minutos cada vez:
booklet-seconds = { $range } { $most ->
    [one] segundo
   *[other] segundos
  }
booklet-recommended = (recomendado: { $value })
booklet-limit = { $limit }, { $source }.
booklet-limit-note = Nota: { $note }.
booklet-clinic-limit = Límite de la clínica, el que se aplica: { $range } ({ $place }), fundamento: { $basis }.
booklet-clinic-limit-sourced = Límite de la clínica, el que se aplica: { $range } ({ $place }), dentro del rango de las fuentes.
booklet-no-hold-limit = sin sostener: las fuentes no lo describen (un plan puede escribir hold = 0).
booklet-daily-label = Total diario:
booklet-daily = como máximo { $total } repeticiones al día, { $margin } × el mayor total diario que indica una sola fuente ({ $largest } { $largest ->
    [one] repetición
   *[other] repeticiones
  }, { $from }).
booklet-daily-side = como máximo { $total } repeticiones al día de cada lado, { $margin } × el mayor total diario que indica una sola fuente ({ $largest } { $largest ->
    [one] repetición
   *[other] repeticiones
  }, { $from }).
booklet-daily-hold = como máximo { $total } repeticiones y { $holding } de tiempo sostenido al día, { $margin } × el mayor total diario que indica una sola fuente ({ $largest } { $largest ->
    [one] repetición
   *[other] repeticiones
  }, { $from }; { $held }, { $held-from }).
booklet-daily-hold-side = como máximo { $total } repeticiones y { $holding } de tiempo sostenido al día de cada lado, { $margin } × el mayor total diario que indica una sola fuente ({ $largest } { $largest ->
    [one] repetición
   *[other] repeticiones
  }, { $from }; { $held }, { $held-from }).
booklet-side-label = De cada lado:
booklet-side-yes = sí, primero un lado y luego el otro
booklet-side-no = no
booklet-side = { $side }, { $source }.
booklet-sources = Fuentes:
booklet-cited = { $titles }.

catalogue-id = ID
catalogue-name = NOMBRE
catalogue-sets = SERIES
catalogue-reps = REPETICIONES
catalogue-hold = SOSTENER (S)
catalogue-each-side = CADA LADO
catalogue-per-day = POR DÍA
catalogue-per-week = POR SEMANA
catalogue-yes = sí
catalogue-no = no
catalogue-none = ningún ejercicio coincide
region-neck = Cuello
region-shoulder = Hombro
region-hip = Cadera
region-knee = Rodilla
region-foot-ankle = Pie y tobillo
region-back = Espalda
region-balance = Equilibrio y caídas
region-none = Sin región
